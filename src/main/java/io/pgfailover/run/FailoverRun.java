package io.pgfailover.run;

import io.gatling.javaapi.core.PopulationBuilder;
import io.pgfailover.config.EndpointSettings;
import io.pgfailover.config.FailoverSettings;
import io.pgfailover.config.SettingsException;
import io.pgfailover.config.SettingsLoader;
import io.pgfailover.config.WorkloadSettings;
import io.pgfailover.downtime.Verdict;
import io.pgfailover.endpoint.Endpoint;
import io.pgfailover.endpoint.EndpointCredentials;
import io.pgfailover.endpoint.Preflight;
import io.pgfailover.gatling.FailoverDsl;
import io.pgfailover.gatling.JdbcProtocol;
import io.pgfailover.gatling.JdbcRuntime;
import io.pgfailover.lifecycle.ExitSequence;
import io.pgfailover.record.EventName;
import io.pgfailover.record.FailoverEvent;
import io.pgfailover.trigger.Trigger;
import io.pgfailover.workload.Workload;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One failover measurement, from settings to report; the simulations are thin wrappers around it.
 *
 * <p>{@link #prepare} does everything that can fail on bad input before any load: settings, the lab
 * (or the configured endpoints), pre-flight checks of every endpoint and of the trigger, schema and
 * seed data. {@link #start} (Gatling's {@code before}) starts the run control; {@link #finish}
 * (Gatling's {@code after}) verifies the heartbeat writes, analyses the recording and writes the
 * report. If the run is interrupted, the exit sequence ({@link ExitSequence}) stops the load,
 * closes the recording, heals or stops the lab, then reports, in that order, so nothing recorded is
 * lost.
 */
public final class FailoverRun {
  private static final Logger LOG = LoggerFactory.getLogger(FailoverRun.class);

  /**
   * After the heartbeat check's 30 s, the analysis: what an interrupt waits for a finishing run.
   */
  private static final Duration FINISH_WAIT = Duration.ofSeconds(60);

  /** How long an interrupted run waits for Gatling's HTML report (it takes 1-2 s when it comes). */
  private static final Duration GATLING_REPORT_WAIT = Duration.ofSeconds(10);

  private final String simulation;
  private final FailoverSettings settings;
  private final LabTarget lab;
  private final List<Endpoint> endpoints;
  private final List<Trigger> schedule;
  private final RunOutput folder;
  private final JdbcRuntime runtime;
  private final RunControl control;
  private final Workloads workloads;
  private final DnsWatch dns;
  private final AtomicBoolean finished = new AtomicBoolean();
  private final CountDownLatch finishDone = new CountDownLatch(1);
  private volatile boolean interrupted;

  private FailoverRun(
      String simulation,
      FailoverSettings settings,
      LabTarget lab,
      List<Endpoint> endpoints,
      List<Trigger> schedule,
      RunOutput folder,
      Workloads workloads) {
    this.simulation = simulation;
    this.settings = settings;
    this.lab = lab;
    this.endpoints = endpoints;
    this.schedule = schedule;
    this.folder = folder;
    this.workloads = workloads;
    this.runtime = new JdbcRuntime(folder.recorder());
    List<Integer> ids = new ArrayList<>();
    for (Endpoint e : endpoints) {
      ids.add(folder.recorder().endpoint(e.name(), e.settings().role().label()));
    }
    this.dns =
        DnsWatch.of(folder.recorder(), endpoints.stream().map(e -> e.settings().url()).toList());
    this.control =
        new RunControl(
            settings.run(),
            schedule,
            lab == null ? null : lab::heal,
            folder.recorder(),
            ids,
            endpoints.stream().map(Endpoint::name).toList());
  }

  /**
   * Loads the settings, brings up the target and checks it. Bad input fails here, before any load,
   * with a {@link SettingsException} whose message is the one paragraph to show; the simulation
   * hands it to {@link #refuse} and ends the JVM with the status that returns.
   */
  public static FailoverRun prepare(String simulation) {
    return prepare(simulation, Workloads::business, false);
  }

  /** The business run with the faults of {@code failover.matrix}, one after the other. */
  public static FailoverRun prepareFaultMatrix(String simulation) {
    return prepare(simulation, Workloads::business, true);
  }

  /**
   * As {@link #prepare(String)}, with the main workload built from the settings by {@code workload}
   * (e.g. TPC-B instead of the business scenario).
   */
  public static FailoverRun prepare(
      String simulation, Function<WorkloadSettings, Workload> workload) {
    return prepare(simulation, workload, false);
  }

  private static FailoverRun prepare(
      String simulation, Function<WorkloadSettings, Workload> workload, boolean faultMatrix) {
    LabTarget lab = null;
    List<Endpoint> opened = new ArrayList<>();
    // a Ctrl-C while the lab comes up (seconds; minutes on a first install) still says so
    ExitSequence.Registration preparing =
        ExitSequence.at(
            ExitSequence.Step.EXIT_STATUS,
            "a run interrupted while preparing",
            () -> VerdictAnnouncer.announce(Verdict.INTERRUPTED));
    try {
      FailoverSettings settings = SettingsLoader.load();
      // everything that can be refused without a database comes before the lab is touched
      Workload main = workload.apply(settings.workload());
      RunOutput.checkWritable(settings);
      List<EndpointSettings> endpointSettings = settings.endpoints();
      if (settings.usesLab()) {
        LOG.info(
            endpointSettings.isEmpty()
                ? "no failover.endpoints configured: measuring the local HA lab"
                : "failover.endpoints are lab: paths: measuring the local HA lab");
        lab = LabTarget.start(settings.lab(), simulation);
        endpointSettings =
            endpointSettings.isEmpty()
                ? lab.endpoints(settings.lab(), settings.pool().size())
                : lab.onLab(endpointSettings);
      }
      // IAM tokens and Secrets Manager passwords, before pre-flight logs in with them
      String region = settings.faults().aws().region();
      endpointSettings =
          endpointSettings.stream().map(e -> EndpointCredentials.resolve(e, region)).toList();
      for (EndpointSettings e : endpointSettings) {
        Preflight.check(e, e.poolOr(settings.pool()), settings.passwordEnv());
      }
      if (faultMatrix && lab == null) {
        throw new SettingsException(
            "failover.endpoints",
            "The fault matrix runs lab faults "
                + "(failover.matrix), and endpoints are configured (failover.endpoints). Remove "
                + "failover.endpoints to run it on the local lab.");
      }
      String runId =
          simulation.toLowerCase(Locale.ROOT)
              + "-"
              + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
      List<Trigger> schedule =
          Triggers.schedule(
              settings.faults(),
              lab,
              faultMatrix,
              RunOutput.dirOf(settings, runId),
              endpointSettings);
      for (Trigger t : new LinkedHashSet<>(schedule)) {
        t.preflight();
      }
      String kinds =
          schedule.isEmpty()
              ? "none"
              : String.join(
                  ",", new LinkedHashSet<>(schedule.stream().map(Trigger::kind).toList()));
      RunOutput folder =
          RunOutput.create(
              settings, simulation, runId, kinds, lab == null ? Map.of() : lab.settingsSummary());
      for (EndpointSettings e : endpointSettings) {
        opened.add(Endpoint.open(e, e.poolOr(settings.pool())));
      }
      Workloads workloads = Workloads.prepare(settings, runId, opened, main);
      LOG.info(
          "run {}: {} endpoint(s) {}, {} failover(s) ({}), recording in {}",
          runId,
          opened.size(),
          opened.stream().map(Endpoint::name).toList(),
          schedule.size(),
          kinds,
          folder.dir());
      FailoverRun run =
          new FailoverRun(
              simulation, settings, lab, List.copyOf(opened), schedule, folder, workloads);
      ExitSequence.at(ExitSequence.Step.STOP_LOAD, "stop an interrupted run", run::onInterrupt);
      ExitSequence.at(
          ExitSequence.Step.REPORT, "report an interrupted run", run::reportInterrupted);
      preparing.close(); // from here on, the run's own steps say how it ended
      return run;
    } catch (RuntimeException e) {
      preparing.close(); // a refusal or a crash says so itself
      opened.forEach(Endpoint::close);
      if (lab != null) {
        lab.release(); // a lab from bin/lab up stays as it was
      }
      throw e;
    }
  }

  /**
   * Tells the user why the run was refused: the paragraph, then the verdict's line (and file, under
   * Maven). Returns the exit status for the caller to end the JVM with. Bad input is the user's to
   * fix, not a crash: Gatling would bury the message under ninety lines of trace.
   */
  public static int refuse(SettingsException e) {
    System.err.println();
    System.err.println("failover: " + e.getMessage());
    System.err.flush();
    VerdictAnnouncer.announce(Verdict.REFUSED);
    return Verdict.REFUSED.exitStatus();
  }

  /** The populations to give Gatling's {@code setUp}. */
  public List<PopulationBuilder> populations() {
    return workloads.populations(endpoints, control::loadRunning);
  }

  /** The protocol the populations' steps run with, for {@code setUp(...).protocols(...)}. */
  public JdbcProtocol protocol() {
    return FailoverDsl.jdbc(runtime);
  }

  /** Gatling's safety net: the run control's cap plus time to drain the last requests. */
  public Duration maxDuration() {
    return settings.run().maxDuration().multipliedBy(Math.max(1, schedule.size())).plusSeconds(30);
  }

  /** Starts the phases (Gatling's {@code before}). */
  public void start() {
    ParentWatch.start();
    if (dns != null) {
      dns.start();
    }
    control.start();
  }

  /** Verifies, analyses and reports (Gatling's {@code after}). Idempotent. */
  public void finish() {
    if (!finished.compareAndSet(false, true)) {
      return;
    }
    try {
      finishNow();
    } finally {
      finishDone.countDown();
    }
  }

  private void finishNow() {
    control.stop();
    if (dns != null) {
      dns.stop();
    }
    runtime.close();
    try {
      workloads.verify(folder, endpoints);
      folder.recorder().close();
      Report report = Report.analyze(folder);
      System.out.println(report.consoleSummary());
      report.attachToGatlingReportAtExit(
          settings.resultsDir(), simulation, folder.startedAtMillis());
    } finally {
      endpoints.forEach(Endpoint::close);
      new LinkedHashSet<>(schedule).forEach(Trigger::close);
      if (lab != null) {
        lab.close();
      }
    }
  }

  /**
   * Ctrl-C, SIGTERM or a crash, first step: stop the load and close the recording so that it is
   * complete on disk. The exit sequence then heals or stops the lab before {@link
   * #reportInterrupted} analyses the run.
   */
  private void onInterrupt() {
    // claims the end: stopping the load lets Gatling end the scenario and call after(), which must
    // not verify and analyse beside the exit sequence
    if (!finished.compareAndSet(false, true)) {
      // after() is verifying and analysing: let it end (it registers the report and the status
      // at their steps, still to come), so that the lab is not stopped under it
      awaitFinish();
      return;
    }
    interrupted = true;
    VerdictAnnouncer.writeFile(Verdict.INTERRUPTED);
    control.stop();
    folder.recorder().event(FailoverEvent.now(EventName.INTERRUPTED, "the run was interrupted"));
    folder.recorder().close();
    LOG.warn("interrupted: the recording in {} is complete up to now", folder.dir());
  }

  /**
   * An interrupted run analysed as far as it goes: failover.json, the summary, the failover page
   * when Gatling writes its report, the verdict.
   */
  private void awaitFinish() {
    try {
      if (!finishDone.await(FINISH_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn(
            "interrupted while the run was finishing; it did not end within {} s",
            FINISH_WAIT.toSeconds());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void reportInterrupted() {
    if (!interrupted) {
      return;
    }
    try {
      Report report = Report.analyze(folder);
      System.out.println(report.consoleSummary());
      report.attachWhenWritten(
          settings.resultsDir(), simulation, folder.startedAtMillis(), GATLING_REPORT_WAIT);
      VerdictAnnouncer.announce(report.verdict());
    } catch (RuntimeException e) {
      LOG.error(
          "the analysis of the interrupted run failed ({}); run bin/analyze {}",
          e.toString(),
          folder.dir());
      VerdictAnnouncer.announce(Verdict.INTERRUPTED);
    }
  }
}
