package io.pgfailover.downtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pgfailover.config.SettingsException;
import io.pgfailover.record.OperationKind;
import io.pgfailover.record.Recorder;
import io.pgfailover.trigger.FailoverEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader on a run folder written by the real Recorder. */
class RunFolderTest {
  static final long T0 = 1_763_000_000_000_000L;

  static void writeRun(Path dir) throws Exception {
    try (Recorder recorder = Recorder.open(dir)) {
      int direct = recorder.endpoint("direct", "writer");
      int beat = recorder.operation("heartbeat", "beat", OperationKind.WRITE);
      int read = recorder.operation("business", "list_users", OperationKind.READ);
      long seq = 0;
      for (long t = 10_000; t <= 3_000_000; t += 10_000) {
        boolean down = t > 1_000_000 && t < 1_800_000;
        recorder.record(direct, beat, T0 + t - 1_000, T0 + t,
            down ? ErrorClass.CONNECTION_LOST : ErrorClass.NONE, down ? 0x3630303830L : 0, ++seq);
        recorder.record(direct, read, T0 + t - 3_000, T0 + t - 500,
            down ? ErrorClass.CONNECT_FAILED : ErrorClass.NONE, 0, -1);
      }
      recorder.event(new FailoverEvent("asked", T0 + 1_000_500, "switchover to node2"));
      recorder.event(new FailoverEvent("returned", T0 + 1_300_000, "200 OK"));
    }
    StringBuilder rows = new StringBuilder();
    for (long s = 1; s <= 300; s++) {
      if (s != 50) { // seq 50 acknowledged but missing on the new primary
        rows.append("direct\t").append(s).append('\t').append(T0 + s * 10_000 - 200).append('\n');
      }
    }
    Files.writeString(dir.resolve(RunFolder.HEARTBEAT_FILE), rows, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve(RunFolder.PROPERTIES_FILE), String.join("\n",
        "runId=run-42", "simulation=ProxyFailover", "gapThresholdMs=60",
        "triggerKind=patroni-switchover", "config.failover.trigger=patroni-switchover",
        "config.endpoints.direct.password=******"), StandardCharsets.UTF_8);
  }

  @Test
  void analysesARecordedRunFolder(@TempDir Path dir) throws Exception {
    writeRun(dir);
    DowntimeReport report = RunFolder.analyze(dir);
    assertEquals("run-42", report.runId());
    assertEquals(60, report.settings().gapThresholdMs());
    assertEquals("patroni-switchover", report.trigger().kind());
    assertEquals("******", report.configuration().get("endpoints.direct.password"));
    EndpointReport e = report.endpoints().get("direct");
    assertEquals(600, e.requests());
    assertEquals(1, e.windows().size());
    DowntimeWindow w = e.windows().get(0);
    assertEquals(T0 + 1_000_000, w.startEpochMicros());
    assertEquals(T0 + 1_800_000 - 500, w.endEpochMicros()); // the read ending 0.5 ms earlier
    assertEquals(2 * 79, w.failedRequests());
    assertEquals(799.0, w.recoveryMs()); // b - asked
    HeartbeatCheck hb = report.heartbeat().get("direct");
    assertEquals(1L, hb.lost());
    assertEquals(java.util.List.of(50L), hb.lostSeqs());
    assertEquals(79L, hb.indeterminate()); // rows of seqs 101..179 exist although the client failed
  }

  @Test
  void explicitSettingsWinAndBadPropertiesNameTheKey(@TempDir Path dir) throws Exception {
    writeRun(dir);
    DowntimeReport report = RunFolder.analyze(dir, AnalysisSettings.defaults()
        .withGapThresholdMs(1_000));
    assertEquals(0, report.endpoints().get("direct").windows().size());
    Files.writeString(dir.resolve(RunFolder.PROPERTIES_FILE), "gapThresholdMs=fast\n");
    SettingsException e = assertThrows(SettingsException.class, () -> RunFolder.settings(dir));
    assertEquals("gapThresholdMs", e.setting());
  }
}
