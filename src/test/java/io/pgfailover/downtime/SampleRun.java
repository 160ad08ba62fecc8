package io.pgfailover.downtime;

import io.pgfailover.record.ErrorClass;
import io.pgfailover.record.FailoverEvent;
import io.pgfailover.record.HeartbeatFile;
import io.pgfailover.record.OperationKind;
import io.pgfailover.record.RecordFormat;
import io.pgfailover.record.Recorder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A small but complete run folder, written with the real Recorder, for loader, JSON, page and CLI
 * tests: endpoints "direct" (down 1.0-1.8 s, failing) and "proxy" (stalled 1.0-1.3 s, no failure),
 * heartbeats on both, a patroni-switchover trigger, heartbeat rows with one lost write.
 */
public final class SampleRun {
  public static final long T0 = 1_763_000_000_000_000L;

  private SampleRun() {}

  public static void write(Path dir) throws Exception {
    try (Recorder recorder = Recorder.open(dir)) {
      int direct = recorder.endpoint("direct", "writer");
      int proxy = recorder.endpoint("proxy", "writer");
      int beat = recorder.operation("heartbeat", "beat", OperationKind.WRITE);
      int read = recorder.operation("business", "list_users", OperationKind.READ);
      long seq = 0;
      for (long t = 10_000; t <= 3_000_000; t += 10_000) {
        boolean down = t > 1_000_000 && t < 1_800_000;
        // the probe's records carry their acquire time (0 µs: its connection at hand), as the
        // tool writes them since the probe has a connection of its own
        recorder.record(
            direct,
            beat,
            T0 + t - 1_000,
            T0 + t,
            down ? ErrorClass.CONNECTION_LOST : ErrorClass.NONE,
            down ? RecordFormat.packSqlState("08006") : 0,
            ++seq,
            0);
        recorder.record(
            direct,
            read,
            T0 + t - 3_000,
            T0 + t - 500,
            down ? ErrorClass.CONNECT_FAILED : ErrorClass.NONE,
            down ? RecordFormat.packSqlState("08001") : 0,
            -1);
        if (t <= 1_000_000 || t >= 1_300_000) { // the proxy holds its clients 1.0 s - 1.3 s
          recorder.record(proxy, beat, T0 + t - 1_000, T0 + t, ErrorClass.NONE, 0, seq, 0);
        }
      }
      recorder.event(new FailoverEvent("asked", T0 + 1_000_500, "switchover to <node2> & co"));
      recorder.event(new FailoverEvent("returned", T0 + 1_300_000, "200 OK"));
    }
    StringBuilder rows = new StringBuilder();
    for (long s = 1; s <= 300; s++) {
      if (s != 50) { // seq 50 acknowledged but missing on the new primary
        rows.append("direct\t").append(s).append('\t').append(T0 + s * 10_000 - 200).append('\n');
      }
      rows.append("proxy\t").append(s).append('\t').append(T0 + s * 10_000 - 300).append('\n');
    }
    Files.writeString(dir.resolve(HeartbeatFile.FILE_NAME), rows, StandardCharsets.UTF_8);
    Files.writeString(
        dir.resolve(RunFolder.PROPERTIES_FILE),
        String.join(
            "\n",
            "runId=run-42",
            "simulation=ProxyFailover",
            "gapThresholdMs=60",
            "triggerKind=patroni-switchover",
            "config.failover.trigger=patroni-switchover",
            "config.endpoints.direct.password=******"),
        StandardCharsets.UTF_8);
  }

  /**
   * A run of three failovers, a fault matrix: #1 kill-primary, #2 patroni-switchover, #3
   * kill-primary, 10 s apart from 5 s on. "direct" is down 2.0 s, 0.5 s and 6.0 s (failing),
   * "proxy" stalls 1.0 s in round 1 only. Cluster settled after rounds 1 and 2, not 3. SLOs: max
   * downtime 5000 ms, max failed requests 1000.
   */
  public static void writeSeries(Path dir) throws Exception {
    long[][] directDown = {
      {5_000_000, 7_000_000}, {15_000_000, 15_500_000}, {25_000_000, 31_000_000}
    };
    try (Recorder recorder = Recorder.open(dir)) {
      int direct = recorder.endpoint("direct", "writer");
      int proxy = recorder.endpoint("proxy", "writer");
      int beat = recorder.operation("heartbeat", "beat", OperationKind.WRITE);
      recorder.event(new FailoverEvent("measure-start", T0 + 1_000_000, "warm-up over"));
      String[] kinds = {"kill-primary", "patroni-switchover", "kill-primary"};
      for (int i = 0; i < 3; i++) {
        long start = T0 + 4_999_000 + i * 10_000_000L;
        recorder.event(new FailoverEvent("failover-start", start, kinds[i], i + 1, null));
        recorder.event(new FailoverEvent("asked", start + 500, "round " + (i + 1)));
        if (i < 2) {
          recorder.event(new FailoverEvent("cluster-settled", start + 3_000_500, "", i + 1, null));
        }
      }
      long seq = 0;
      for (long t = 10_000; t <= 40_000_000; t += 10_000) {
        boolean down = false;
        for (long[] w : directDown) {
          down |= t > w[0] && t < w[1];
        }
        recorder.record(
            direct,
            beat,
            T0 + t - 1_000,
            T0 + t,
            down ? ErrorClass.CONNECTION_LOST : ErrorClass.NONE,
            down ? RecordFormat.packSqlState("08006") : 0,
            ++seq,
            0);
        if (t <= 5_000_000 || t >= 6_000_000) {
          recorder.record(proxy, beat, T0 + t - 1_000, T0 + t, ErrorClass.NONE, 0, seq, 0);
        }
      }
      recorder.event(new FailoverEvent("load-stop", T0 + 40_000_000, "measured phase over"));
    }
    Files.writeString(
        dir.resolve(RunFolder.PROPERTIES_FILE),
        String.join(
            "\n",
            "runId=run-series",
            "simulation=ProxyFailover",
            "triggerKind=kill-primary",
            "sloMaxDowntimeMs=5000",
            "sloMaxFailedRequests=1000"),
        StandardCharsets.UTF_8);
  }
}
