package io.pgfailover.report;

import io.pgfailover.downtime.DowntimeReport;
import io.pgfailover.downtime.RunFolder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Re-runs the analysis of a finished run offline: {@code AnalyzeCli <runDir> [<gatlingReportDir>]}.
 * Rewrites {@code <runDir>/failover.json}, and, given a Gatling report folder, its failover page
 * and the link to it; prints the console summary. Settings come from the run folder's
 * run.properties (edit gapThresholdMs there to re-analyse with another threshold).
 *
 * <pre>
 * mvn -q compile exec:java -Dexec.mainClass=io.pgfailover.report.AnalyzeCli \
 *     -Dexec.args="results/&lt;run&gt; results/&lt;gatling report&gt;"
 * </pre>
 *
 * <p>Exit codes: 0 done, 2 bad arguments, 1 the analysis failed.
 */
public final class AnalyzeCli {
  private AnalyzeCli() {}

  public static void main(String[] args) {
    int code = run(args);
    if (code != 0) { // exit only on failure: under mvn exec:java, System.exit would end Maven too
      System.exit(code);
    }
  }

  /** The CLI without {@link System#exit}, for tests and callers inside a JVM. */
  public static int run(String... args) {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: AnalyzeCli <runDir> [<gatlingReportDir>]");
      return 2;
    }
    Path runDir = Path.of(args[0]);
    if (!Files.isDirectory(runDir)) {
      System.err.println("not a run folder: " + runDir);
      return 2;
    }
    try {
      DowntimeReport report = RunFolder.analyze(runDir);
      Path json = runDir.resolve(JsonReport.FILE_NAME);
      JsonReport.write(report, json);
      JunitReport.writeInto(report, runDir);
      System.out.print(ConsoleSummary.render(report));
      System.out.println("Wrote " + json);
      if (args.length == 2) {
        Path reportDir = Path.of(args[1]);
        Path page = FailoverPage.write(report, reportDir);
        System.out.println("Wrote " + page);
        if (Files.isRegularFile(reportDir.resolve("index.html"))) {
          FailoverPage.link(reportDir);
        } else {
          // Gatling writes index.html only for a run that ended normally (an interrupted one
          // leaves simulation.log alone): the page stands on its own then
          System.out.println(
              "Not linked: "
                  + reportDir
                  + " has no index.html (Gatling writes it"
                  + " only when a run ends normally); open "
                  + page
                  + " directly.");
        }
      }
      return 0;
    } catch (Exception e) {
      System.err.println("analysis of " + runDir + " failed: " + e);
      return 1;
    }
  }
}
