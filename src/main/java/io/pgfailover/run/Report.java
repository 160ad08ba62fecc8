package io.pgfailover.run;

import io.pgfailover.config.FailoverSettings;
import io.pgfailover.downtime.DowntimeReport;
import io.pgfailover.downtime.RunFolder;
import io.pgfailover.report.ConsoleSummary;
import io.pgfailover.report.FailoverPage;
import io.pgfailover.report.JsonReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a run: the analysis of its folder, {@code failover.json} beside the recording, the
 * console summary, and the failover page attached to Gatling's HTML report.
 *
 * <p>Gatling writes its HTML report after the simulation's {@code after()} returns, and has no API
 * for report extensions; a JVM shutdown hook runs after it (measured with Gatling 3.16 and the
 * Maven plugin's forked JVM), finds the new report folder and adds our page and its link.
 */
final class Report {
  private static final Logger LOG = LoggerFactory.getLogger(Report.class);

  /** Exit status of a run that missed an SLO. */
  static final int SLO_FAILED = 3;

  private final RunOutput folder;
  private final DowntimeReport report;

  private Report(RunOutput folder, DowntimeReport report) {
    this.folder = folder;
    this.report = report;
  }

  static Report analyze(RunOutput folder, FailoverSettings settings) {
    try {
      DowntimeReport report = RunFolder.analyze(folder.dir());
      JsonReport.write(report, folder.dir().resolve(JsonReport.FILE_NAME));
      return new Report(folder, report);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot analyse the run in " + folder.dir(), e);
    }
  }

  String consoleSummary() {
    return ConsoleSummary.render(report) + "\nRecording and failover.json: " + folder.dir();
  }

  void attachToGatlingReportAtExit(Path resultsDir, String simulation, long notBeforeMillis) {
    Runtime.getRuntime().addShutdownHook(new Thread(
        () -> attach(resultsDir, simulation, notBeforeMillis), "failover-report"));
  }

  private void attach(Path resultsDir, String simulation, long notBeforeMillis) {
    Optional<Path> gatlingReport = GatlingReports.find(resultsDir, simulation, notBeforeMillis);
    if (gatlingReport.isEmpty()) {
      LOG.warn("no Gatling HTML report found in {}; the failover report is in {}", resultsDir,
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
    failOnSlo();
  }

  /**
   * A missed SLO fails the build. Gatling has already exited with its own status by now, and a
   * shutdown hook cannot change it, so the JVM is halted with status {@value #SLO_FAILED}: every
   * file of the run is written and closed at this point (the lab was stopped in after()).
   */
  private void failOnSlo() {
    if (report.slo().passed()) {
      return;
    }
    System.out.println();
    System.out.println("failover: the run missed its SLOs:");
    report.slo().violations().forEach(v -> System.out.println("  - " + v));
    System.out.flush();
    Runtime.getRuntime().halt(SLO_FAILED);
  }
}
