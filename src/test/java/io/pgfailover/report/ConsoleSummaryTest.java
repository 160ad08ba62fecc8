package io.pgfailover.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgfailover.downtime.RunFolder;
import io.pgfailover.downtime.SampleRun;
import java.nio.file.Path;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleSummaryTest {

  @Test
  void oneLinePerEndpointAndTheComparison(@TempDir Path dir) throws Exception {
    SampleRun.write(dir);
    String text = ConsoleSummary.render(RunFolder.analyze(dir), ZoneOffset.UTC);
    String[] lines = text.split("\n");
    assertTrue(lines[0].contains("patroni-switchover asked at"), lines[0]);
    // path: the heartbeats, 1.0 s - 1.8 s; workload: the reads, 0.9995 s - 1.7995 s; one outage
    // each, so no count
    assertTrue(
        lines[1].matches(
            "  direct +path 800\\.0 ms \\| workload 800\\.0 ms"
                + " \\(\\+0\\.0 ms\\) \\| failed 79/300 \\(CONNECT_FAILED 79\\)"
                + " \\| success 73\\.67 % \\| probe failed 79 \\| heartbeat lost 1, indeterminate 79"),
        lines[1]); // failed: the workload's reads; the probe's 79 failed heartbeats apart
    // proxy runs only its heartbeats: a path figure alone
    assertTrue(lines[2].matches("  proxy +path 300\\.0 ms \\| failed 0/271 .*"), lines[2]);
    // on the path figure: 300 vs 800 ms, 62.5 % shorter; proxy ran no workload, so no workload
    // change beside it
    assertTrue(
        lines[3].startsWith(
            "  proxy vs direct: path downtime -62.5 %, success rate" + " +26.33 pts"),
        lines[3]);
  }

  @Test
  void seriesRunShowsRoundsSeriesAndTheSloVerdict(@TempDir Path dir) throws Exception {
    SampleRun.writeSeries(dir);
    String text = ConsoleSummary.render(RunFolder.analyze(dir), ZoneOffset.UTC);
    assertTrue(
        text.startsWith(
            "Failover downtime - trigger kill-primary, 3 failovers, the first"
                + " asked at 02:13:24.999 (gap threshold 200 ms)\n"),
        text);
    assertTrue(
        text.contains(
            "\n  round #1 kill-primary: settle 3000.0 ms | direct 2000.0 ms, 199"
                + " failed | proxy 1000.0 ms\n"),
        text);
    assertTrue(
        text.contains("\n  round #3 kill-primary: settle not seen | direct 6000.0 ms"), text);
    // SampleRun.writeSeries has heartbeats only: rounds, series and the SLO are on the path figure
    assertTrue(
        text.contains(
            "\n  series direct   path downtime per failover mean 2833.3 ms,"
                + " min 500.0 ms, median 2000.0 ms, p95 6000.0 ms, max 6000.0 ms | 0-5 s 2, 5-10 s 1,"
                + " 10-15 s 0, 15-30 s 0, 30+ s 0 | availability 78.2051 % (0.66 nines) over 39.000 s"),
        text);
    assertTrue(
        text.contains(
            "\n  SLO FAILED (max-downtime 5000 ms per failover on the path"
                + " downtime, max-failed-requests 1000)\n    - SLO failover.slo.max-downtime = 5000 ms"
                + " (path downtime) exceeded by direct in round 3 (kill-primary): 6 000 ms, 1 000 ms"
                + " over\n"),
        text);
  }

  @Test
  void singleFailoverRunHasNoRoundOrSloLines(@TempDir Path dir) throws Exception {
    SampleRun.write(dir);
    String text = ConsoleSummary.render(RunFolder.analyze(dir), ZoneOffset.UTC);
    assertFalse(text.contains("round #"), text);
    assertFalse(text.contains("SLO"), text);
  }
}
