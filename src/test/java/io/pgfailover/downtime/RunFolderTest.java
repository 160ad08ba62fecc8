package io.pgfailover.downtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgfailover.config.Figure;
import io.pgfailover.config.SettingsException;
import io.pgfailover.record.ErrorClass;
import io.pgfailover.report.JsonReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
    // proxy runs only its heartbeats: its windows are the probe's; the hold is the round's outage
    assertEquals(300.0, report.endpoints().get("proxy").downtimeMs()); // the stall
    assertEquals(WindowKind.OUTAGE, report.endpoints().get("proxy").windows().get(0).kind());
    // direct's top-level windows are its pooled workload's: the reads, each ending 0.5 ms before
    // the heartbeat of the same tick, so both bounds are the reads'
    assertEquals(1, e.windows().size());
    DowntimeWindow w = e.windows().get(0);
    assertEquals(T0 + 1_000_000 - 500, w.startEpochMicros());
    assertEquals(T0 + 1_800_000 - 500, w.endEpochMicros());
    assertEquals(79, w.failedRequests()); // the reads' failures; the failed beats are the path's
    assertEquals(java.util.Map.of(ErrorClass.CONNECT_FAILED, 79L), w.failedByClass());
    assertEquals(799.0, w.recoveryMs()); // b - asked
    // the path figure, from the heartbeats alone: last beat 1.0 s, next successful one 1.8 s
    DowntimeWindow p = e.path().windows().get(0);
    assertEquals(1, e.path().windows().size());
    assertEquals(T0 + 1_000_000, p.startEpochMicros());
    assertEquals(T0 + 1_800_000, p.endEpochMicros());
    assertEquals(java.util.Map.of(ErrorClass.CONNECTION_LOST, 79L), p.failedByClass());
    assertEquals(799.5, p.recoveryMs());
    assertEquals(800.0, e.path().downtimeMs());
    assertEquals(800.0, e.workload().downtimeMs());
    HeartbeatCheck hb = report.heartbeat().get("direct");
    assertEquals(1L, hb.lost());
    assertEquals(java.util.List.of(50L), hb.lostSeqs());
    assertEquals(79L, hb.indeterminate()); // rows of seqs 101..179 exist although the client failed
  }

  @Test
  void explicitSettingsWinAndBadPropertiesNameTheKey(@TempDir Path dir) throws Exception {
    writeRun(dir);
    DowntimeReport report =
        RunFolder.analyze(dir, AnalysisSettings.defaults().withGapThresholdMs(1_000));
    assertEquals(0, report.endpoints().get("direct").windows().size());
    Files.writeString(dir.resolve(RunFolder.PROPERTIES_FILE), "gapThresholdMs=fast\n");
    SettingsException e = assertThrows(SettingsException.class, () -> RunFolder.settings(dir));
    assertEquals("gapThresholdMs", e.setting());
  }

  @Test
  void sloKeysAreReadAndAbsentMeansNotSet(@TempDir Path dir) throws Exception {
    writeRun(dir);
    assertEquals(SloSettings.NONE, RunFolder.settings(dir).slo());
    assertTrue(RunFolder.analyze(dir).slo().passed());
    Path props = dir.resolve(RunFolder.PROPERTIES_FILE);
    Files.writeString(
        props, Files.readString(props) + "\nsloMaxDowntimeMs=500\nsloMaxFailedRequests=0\n");
    assertEquals(new SloSettings(500.0, 0L), RunFolder.settings(dir).slo());
    SloResult slo = RunFolder.analyze(dir).slo();
    assertFalse(slo.passed());
    // direct: 800 ms of path downtime (its heartbeats, 1.0 s - 1.8 s) in the one (implicit) round
    // and 79 failed reads (the workload's: the probe's failed heartbeats are not counted);
    // proxy: 300 ms, 0 failures
    assertEquals(
        java.util.List.of(
            "SLO failover.slo.max-downtime = 500 ms (path downtime) exceeded by direct in round 1"
                + " (patroni-switchover): 800 ms, 300 ms over",
            "SLO failover.slo.max-failed-requests = 0 exceeded by direct: 79 failed requests in the"
                + " run, 79 over"),
        slo.violations());
    // the figure the downtime SLO is on: absent = path (older run folders), else as written
    assertEquals(Figure.PATH, RunFolder.settings(dir).slo().downtimeFigure());
    Files.writeString(props, Files.readString(props) + "sloDowntimeFigure=workload\n");
    assertEquals(new SloSettings(500.0, 0L, Figure.WORKLOAD), RunFolder.settings(dir).slo());
    assertTrue(
        RunFolder.analyze(dir)
            .slo()
            .violations()
            .get(0)
            .startsWith(
                "SLO failover.slo.max-downtime = 500 ms (workload downtime) exceeded by direct in round 1"
                    + " (patroni-switchover): 800 ms, 300 ms over"));
    Files.writeString(props, "sloDowntimeFigure=pool\n");
    assertEquals(
        "sloDowntimeFigure",
        assertThrows(SettingsException.class, () -> RunFolder.settings(dir)).setting());
    Files.writeString(props, "sloMaxFailedRequests=-1\n");
    SettingsException e = assertThrows(SettingsException.class, () -> RunFolder.settings(dir));
    assertEquals("sloMaxFailedRequests", e.setting());
  }

  @Test
  void runPropertiesReadBackWhatWasWritten(@TempDir Path dir) throws Exception {
    AnalysisSettings written =
        AnalysisSettings.defaults()
            .withGapThresholdMs(150)
            .withTriggerKind("kill-primary")
            .withBaselineEndpoint("proxy")
            .withSlo(new SloSettings(2500.5, 3L, 0L, Figure.WORKLOAD));
    RunInfo info =
        new RunInfo(
            "run-1", "ProxyFailover", Map.of("failover.trigger", "kill-primary", "lab.ttl", "10"));
    RunFolder.writeProperties(dir, info, written);
    assertEquals(written, RunFolder.settings(dir));
    assertEquals(info, RunFolder.runInfo(dir));

    AnalysisSettings unset = AnalysisSettings.defaults();
    RunFolder.writeProperties(dir, RunInfo.NONE, unset);
    assertEquals(unset, RunFolder.settings(dir), "nothing set reads back as nothing set");
  }

  @Test
  void aTimelineFromBeforeTheRoundColumnAnalysesToTheSameFigures(@TempDir Path tmp)
      throws Exception {
    Path now = Files.createDirectories(tmp.resolve("now"));
    SampleRun.writeSeries(now);
    // the same run as the run control wrote it before: three fields a line, the round in the
    // detail ("#2 patroni-switchover", "#2")
    Path old = Files.createDirectories(tmp.resolve("old"));
    for (String f : List.of("requests.bin", "catalog.tsv", "run.properties")) {
      Files.copy(now.resolve(f), old.resolve(f));
    }
    StringBuilder legacy = new StringBuilder();
    for (String line : Files.readAllLines(now.resolve("events.tsv"))) {
      String[] f = line.split("\t", -1);
      assertEquals(5, f.length, line);
      String detail = f[3].isEmpty() ? f[2] : ("#" + f[3] + " " + f[2]).trim();
      legacy.append(f[0]).append('\t').append(f[1]).append('\t').append(detail).append('\n');
    }
    Files.writeString(old.resolve("events.tsv"), legacy);
    assertTrue(
        legacy.toString().contains("\tfailover-start\t#2 patroni-switchover\n"), legacy::toString);

    String expected = JsonReport.toJson(RunFolder.analyze(now));
    assertEquals(expected, JsonReport.toJson(RunFolder.analyze(old)));
    assertEquals(3, RunFolder.analyze(old).rounds().size());
    assertEquals("patroni-switchover", RunFolder.analyze(old).rounds().get(1).kind());
  }
}
