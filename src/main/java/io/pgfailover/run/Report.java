package io.pgfailover.run;

import io.pgfailover.downtime.DowntimeReport;
import io.pgfailover.downtime.RunFolder;
import io.pgfailover.downtime.Verdict;
import io.pgfailover.lifecycle.ExitSequence;
import io.pgfailover.report.ConsoleSummary;
import io.pgfailover.report.FailoverPage;
import io.pgfailover.report.JsonReport;
import io.pgfailover.report.JunitReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a run: the analysis of its folder, {@code failover.json} and the JUnit file beside the
 * recording, the console summary, and the failover page attached to Gatling's HTML report.
 *
 * <p>Gatling writes its HTML report after the simulation's {@code after()} returns, and has no API
 * for report extensions; the JVM's exit runs after it (measured with Gatling 3.16 and the Maven
 * plugin's forked JVM), so the exit sequence's report step finds the new report folder and adds our
 * page and its link, and its last step sets the exit status.
 */
final class Report {
  private static final Logger LOG = LoggerFactory.getLogger(Report.class);

  private final RunOutput folder;
  private final DowntimeReport report;

  private Report(RunOutput folder, DowntimeReport report) {
    this.folder = folder;
    this.report = report;
  }

  static Report analyze(RunOutput folder) {
    try {
      DowntimeReport report = RunFolder.analyze(folder.dir());
      JsonReport.write(report, folder.dir().resolve(JsonReport.FILE_NAME));
      JunitReport.writeInto(report, folder.dir());
      return new Report(folder, report);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot analyse the run in " + folder.dir(), e);
    }
  }

  Verdict verdict() {
    return report.verdict();
  }

  String consoleSummary() {
    return ConsoleSummary.render(report)
        + "\nRecording, failover.json and "
        + JunitReport.FILE_NAME
        + ": "
        + folder.dir();
  }

  /** At the exit sequence's report step, when Gatling has written its HTML; then the status. */
  void attachToGatlingReportAtExit(Path resultsDir, String simulation, long notBeforeMillis) {
    ExitSequence.at(
        ExitSequence.Step.REPORT,
        "attach the failover page",
        () -> attach(GatlingReports.find(resultsDir, simulation, notBeforeMillis), resultsDir));
    ExitSequence.at(
        ExitSequence.Step.EXIT_STATUS, "exit with the verdict's status", this::exitWithVerdict);
  }

  /**
   * An interrupted run's page: Gatling may still be writing its HTML report when the load stops
   * (SIGTERM), so it is waited for, up to {@code wait}; it writes none after a Ctrl-C in a
   * terminal.
   */
  void attachWhenWritten(Path resultsDir, String simulation, long notBeforeMillis, Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    Optional<Path> gatlingReport = GatlingReports.find(resultsDir, simulation, notBeforeMillis);
    while (gatlingReport.isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      gatlingReport = GatlingReports.find(resultsDir, simulation, notBeforeMillis);
    }
    attach(gatlingReport, resultsDir);
  }

  private void attach(Optional<Path> gatlingReport, Path resultsDir) {
    if (gatlingReport.isEmpty()) {
      LOG.warn(
          "no Gatling HTML report found in {}; the failover report is in {} (page: "
              + "bin/analyze {} <Gatling folder>)",
          resultsDir,
          folder.dir(),
          folder.dir());
    } else {
      try {
        Path page = FailoverPage.write(report, gatlingReport.get());
        FailoverPage.link(gatlingReport.get());
        System.out.println("Failover report: " + page.toUri());
      } catch (IOException e) {
        LOG.error("cannot attach the failover page to {}: {}", gatlingReport.get(), e.toString());
      }
    }
  }

  /**
   * A missed SLO or an unverified heartbeat fails the build. Gatling has already exited with its
   * own status by now, and a shutdown hook cannot change it, so the JVM is halted with the
   * verdict's status: this is the exit sequence's last step, so every file of the run is written
   * and closed, and the lab healed or stopped, at this point.
   */
  private void exitWithVerdict() {
    Verdict verdict = verdict();
    if (!report.slo().passed()) {
      System.out.println();
      System.out.println("failover: the run missed its SLOs:");
      report.slo().violations().forEach(v -> System.out.println("  - " + v));
    }
    VerdictAnnouncer.announce(verdict);
    if (verdict != Verdict.PASSED) {
      Runtime.getRuntime().halt(verdict.exitStatus());
    }
  }
}
