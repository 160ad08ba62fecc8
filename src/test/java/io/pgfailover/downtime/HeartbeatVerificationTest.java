package io.pgfailover.downtime;

import static io.pgfailover.downtime.TimelineBuilder.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgfailover.record.HeartbeatRow;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeartbeatVerificationTest {

  /** Seqs 1..10 every 10 ms; 8..10 failed on the client. */
  private static TimelineBuilder beats() {
    TimelineBuilder t = new TimelineBuilder();
    int direct = t.endpoint("direct");
    for (long seq = 1; seq <= 10; seq++) {
      t.heartbeat(direct, seq, seq * 10_000, seq <= 7);
    }
    return t;
  }

  private static HeartbeatRow row(long seq, long serverMicros) {
    return new HeartbeatRow("direct", seq, T0 + serverMicros);
  }

  @Test
  void lostAndIndeterminateWritesAreListed() {
    List<HeartbeatRow> rows = new ArrayList<>();
    for (long seq : new long[] {1, 2, 3, 4, 5, 7, 9}) {
      rows.add(row(seq, seq * 10_000 - 500));
    }
    rows.add(new HeartbeatRow("proxy", 6, T0)); // another endpoint's row with the same seq
    DowntimeReport report =
        DowntimeAnalyzer.analyze(beats().recording(), rows, AnalysisSettings.defaults());
    HeartbeatCheck hb = report.heartbeat().get("direct");
    assertTrue(hb.verified());
    assertEquals(10, hb.writes());
    assertEquals(7, hb.acked());
    assertEquals(3, hb.failed());
    assertEquals(1L, hb.lost());
    assertEquals(List.of(6L), hb.lostSeqs());
    assertEquals(1L, hb.indeterminate());
    assertEquals(List.of(9L), hb.indeterminateSeqs());
    assertEquals(2L, hb.failedAbsent()); // 8 and 10
    assertEquals(0L, hb.unmatchedRows());
    assertEquals(7L, hb.rowsOnPrimary());
    // largest gap between present rows: seq 5 -> 7 and 7 -> 9 are both 20 ms; the first wins
    assertEquals(20.0, hb.serverWriteGapMs());
    assertEquals(T0 + 49_500, hb.serverGapStartEpochMicros());
    assertEquals(T0 + 69_500, hb.serverGapEndEpochMicros());
  }

  @Test
  void withoutRowsOnlyTheClientSideIsKnown() {
    DowntimeReport report =
        DowntimeAnalyzer.analyze(beats().recording(), null, AnalysisSettings.defaults());
    HeartbeatCheck hb = report.heartbeat().get("direct");
    assertFalse(hb.verified());
    assertEquals(7, hb.acked());
    assertNull(hb.lost());
    assertNull(hb.indeterminate());
    assertNull(hb.serverWriteGapMs());
  }

  @Test
  void emptyPrimaryMeansEveryAckedWriteIsLost() {
    DowntimeReport report =
        DowntimeAnalyzer.analyze(beats().recording(), List.of(), AnalysisSettings.defaults());
    HeartbeatCheck hb = report.heartbeat().get("direct");
    assertEquals(7L, hb.lost());
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L), hb.lostSeqs());
    assertEquals(0L, hb.indeterminate());
  }

  @Test
  void endpointsWithoutHeartbeatsHaveNoCheck() {
    TimelineBuilder t = new TimelineBuilder();
    int reader = t.endpoint("reader");
    t.oks(reader, t.read, 10_000, 100_000, 10_000);
    DowntimeReport report =
        DowntimeAnalyzer.analyze(t.recording(), List.of(), AnalysisSettings.defaults());
    assertTrue(report.heartbeat().isEmpty());
  }
}
