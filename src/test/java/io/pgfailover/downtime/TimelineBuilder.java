package io.pgfailover.downtime;

import io.pgfailover.record.Catalog;
import io.pgfailover.record.ErrorClass;
import io.pgfailover.record.FailoverEvent;
import io.pgfailover.record.HeartbeatRow;
import io.pgfailover.record.OperationKind;
import io.pgfailover.record.RecordFormat;
import io.pgfailover.record.Recording;
import io.pgfailover.record.RequestRecord;
import java.util.ArrayList;
import java.util.List;

/** Hand-built recordings for the window tests: times in µs after an arbitrary epoch anchor. */
final class TimelineBuilder {
  static final long T0 = 1_763_000_000_000_000L;

  final Catalog catalog = new Catalog();
  final List<RequestRecord> records = new ArrayList<>();
  final List<FailoverEvent> events = new ArrayList<>();
  final int read = catalog.operation("business", "list_users", OperationKind.READ);
  final int write = catalog.operation("business", "create_order", OperationKind.WRITE);
  final int tx = catalog.operation("business", "order_flow", OperationKind.TRANSACTION);
  final int beat = catalog.operation("heartbeat", "beat", OperationKind.WRITE);

  /** A probe without a sequence (a reader's read probe): path figure, no lost-write check. */
  final int probe = catalog.operation("heartbeat", "read-probe", OperationKind.READ);

  private long nextSeq = 1_000_000; // beats(): clear of the seqs tests give heartbeat() by hand

  /** False: a recording from before acquire times were recorded (its heartbeat ran pooled). */
  private boolean acquireTimes = true;

  /** Makes this an older recording: no record has an acquire time. */
  TimelineBuilder withoutAcquireTimes() {
    acquireTimes = false;
    return this;
  }

  /** A probe request found its connection at hand: 0 µs waiting (unknown in an old recording). */
  private long probeAcquire(int op) {
    boolean probe = catalog.operationById(op).workload().equals(DowntimeAnalyzer.HEARTBEAT);
    return probe && acquireTimes ? 0 : RecordFormat.NO_ACQUIRE;
  }

  int endpoint(String name) {
    return catalog.endpoint(name, "writer");
  }

  /** A success ending at T0 + endMicros that took latencyMicros. */
  TimelineBuilder ok(int endpoint, int op, long endMicros, long latencyMicros) {
    records.add(
        new RequestRecord(
            endpoint,
            op,
            T0 + endMicros - latencyMicros,
            T0 + endMicros,
            ErrorClass.NONE,
            null,
            -1,
            probeAcquire(op)));
    return this;
  }

  TimelineBuilder ko(
      int endpoint, int op, long endMicros, long latencyMicros, ErrorClass c, String sqlState) {
    records.add(
        new RequestRecord(
            endpoint,
            op,
            T0 + endMicros - latencyMicros,
            T0 + endMicros,
            c,
            sqlState,
            -1,
            probeAcquire(op)));
    return this;
  }

  TimelineBuilder heartbeat(int endpoint, long seq, long endMicros, boolean ok) {
    records.add(
        new RequestRecord(
            endpoint,
            beat,
            T0 + endMicros - 1_000,
            T0 + endMicros,
            ok ? ErrorClass.NONE : ErrorClass.CONNECTION_LOST,
            ok ? null : "08006",
            seq,
            probeAcquire(beat)));
    return this;
  }

  /**
   * A pooled request ending at T0 + endMicros that took latencyMicros, of which acquireMicros
   * waiting for its connection (RequestRecord.acquireMicros).
   */
  TimelineBuilder pooled(
      int endpoint, int op, long endMicros, long latencyMicros, long acquireMicros) {
    return pooledKo(endpoint, op, endMicros, latencyMicros, acquireMicros, ErrorClass.NONE, null);
  }

  /** The same as {@link #pooled} with an outcome: NONE, or a failure with its SQLSTATE. */
  TimelineBuilder pooledKo(
      int endpoint,
      int op,
      long endMicros,
      long latencyMicros,
      long acquireMicros,
      ErrorClass c,
      String sqlState) {
    records.add(
        new RequestRecord(
            endpoint,
            op,
            T0 + endMicros - latencyMicros,
            T0 + endMicros,
            c,
            sqlState,
            -1,
            acquireMicros));
    return this;
  }

  /** Successful heartbeats (the path probe) every periodMicros, ends in [from, to], 1 ms each. */
  TimelineBuilder beats(int endpoint, long fromMicros, long toMicros, long periodMicros) {
    for (long t = fromMicros; t <= toMicros; t += periodMicros) {
      heartbeat(endpoint, nextSeq++, t, true);
    }
    return this;
  }

  /** Successes every periodMicros with ends in [fromMicros, toMicros], latency 2 ms. */
  TimelineBuilder oks(int endpoint, int op, long fromMicros, long toMicros, long periodMicros) {
    for (long t = fromMicros; t <= toMicros; t += periodMicros) {
      ok(endpoint, op, t, 2_000);
    }
    return this;
  }

  TimelineBuilder event(String name, long atMicros) {
    events.add(new FailoverEvent(name, T0 + atMicros, name + " detail"));
    return this;
  }

  /** An event of failover round {@code round}, as the run control writes failover-start. */
  TimelineBuilder round(String name, long atMicros, int round, String detail) {
    events.add(new FailoverEvent(name, T0 + atMicros, detail, round, null));
    return this;
  }

  TimelineBuilder event(String name, long atMicros, String detail) {
    events.add(new FailoverEvent(name, T0 + atMicros, detail));
    return this;
  }

  Recording recording() {
    return new Recording(catalog, List.copyOf(records), List.copyOf(events));
  }

  DowntimeReport analyze() {
    return DowntimeAnalyzer.analyze(recording(), null, AnalysisSettings.defaults());
  }

  DowntimeReport analyze(List<HeartbeatRow> rows, AnalysisSettings settings) {
    return DowntimeAnalyzer.analyze(recording(), rows, settings);
  }
}
