package io.pgfailover.report;

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
    assertTrue(lines[1].matches("  direct +downtime 799\\.5 ms in 1 window \\| failed 158/600"
        + " \\(CONNECT_FAILED 79, CONNECTION_LOST 79\\) \\| success 73\\.67 %"
        + " \\| heartbeat lost 1, indeterminate 79"), lines[1]);
    assertTrue(lines[2].contains("proxy") && lines[2].contains("downtime 300.0 ms"), lines[2]);
    // 300 vs 799.5 ms: 62.5 % shorter
    assertTrue(lines[3].startsWith("  proxy vs direct: downtime -62.5 %, success rate +26.33 pts"),
        lines[3]);
  }
}
