package io.pgfailover.downtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.pgfailover.config.SettingsException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The loader on a run folder written by the real Recorder. */
class RunFolderTest {
  static final long T0 = SampleRun.T0;

  static void writeRun(Path dir) throws Exception {
    SampleRun.write(dir);
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
    assertEquals(0, report.endpoints().get("proxy").failedRequests());
    assertEquals(300.0, report.endpoints().get("proxy").downtimeMs()); // the stall
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
