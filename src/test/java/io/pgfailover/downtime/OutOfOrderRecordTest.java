package io.pgfailover.downtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgfailover.record.ErrorClass;
import io.pgfailover.record.OperationKind;
import io.pgfailover.record.Recorder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A record written far later than it ended: the stream reorders what it can, and says so. */
class OutOfOrderRecordTest {
  private static final long T0 = 1_796_000_000_000_000L;

  @Test
  void aRecordBeyondTheReorderingBoundIsCountedAndNoted(@TempDir Path dir) throws Exception {
    try (Recorder recorder = Recorder.open(dir)) {
      int e = recorder.endpoint("direct", "writer");
      int op = recorder.operation("business", "list_users", OperationKind.READ);
      for (long end = 0; end < 5_000_000; end += 10_000) {
        recorder.record(e, op, T0 + end - 1_000, T0 + end, ErrorClass.NONE, 0, -1, 100);
        if (end == 3_000_000) { // ended 2.5 s before it was written
          recorder.record(e, op, T0 + 499_000, T0 + 500_000, ErrorClass.OTHER, 0, -1, 100);
        }
      }
      // 30 ms late: put back in its place
      recorder.record(e, op, T0 + 4_949_000, T0 + 4_960_000, ErrorClass.OTHER, 0, -1, 100);
    }
    DowntimeReport report = RunFolder.analyze(dir);
    EndpointReport direct = report.endpoints().get("direct");
    assertEquals(502, direct.requests());
    assertEquals(2, direct.failedRequests());
    assertTrue(direct.windows().isEmpty());
    assertTrue(
        report.notes().stream().anyMatch(n -> n.startsWith("1 records came more than 1000 ms")),
        report.notes().toString());
  }
}
