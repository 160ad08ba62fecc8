package io.pgfailover.downtime;

import io.pgfailover.downtime.EndpointReport.KindStats;
import io.pgfailover.downtime.EndpointReport.Rate;
import io.pgfailover.downtime.EndpointReport.SecondSeries;
import io.pgfailover.downtime.EndpointReport.Throughput;
import io.pgfailover.downtime.EndpointReport.Timeline;
import io.pgfailover.downtime.EndpointReport.TpsStats;
import io.pgfailover.record.Catalog;
import io.pgfailover.record.ErrorClass;
import io.pgfailover.record.OperationKind;
import io.pgfailover.record.RecordView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Counts, latencies, throughput and time series of one endpoint, accumulated record by record in
 * memory that does not grow with the records (see {@link LatencyHistogram}, {@link BucketCounts}),
 * and the endpoint's two downtime figures ({@link FigureStats}) and heartbeat check. The first pass
 * takes the records in end order; the second, in any order, counts the throughput around the
 * windows the first one found.
 */
final class EndpointStats {
  private static final OperationKind[] KINDS = OperationKind.values();

  final Catalog.EndpointEntry endpoint;

  /** The probe's records when the recording has acquire times (else the probe ran pooled). */
  final FigureStats path;

  final FigureStats load;
  final HeartbeatVerifier heartbeat = new HeartbeatVerifier();
  private final boolean[] probeOperation;
  private final OperationKind[] kindOf;
  private final boolean splitProbe;
  private long requests;
  private long failed;
  private final long[] failedByClass = new long[ErrorClass.values().length];
  private final Map<String, Long> failedBySqlState = new TreeMap<>();
  private final long[][] kinds = new long[KINDS.length][]; // requests, failed
  private final LatencyHistogram latencyAll = new LatencyHistogram();
  private final LatencyHistogram latencyOk = new LatencyHistogram();
  private final BucketCounts timeline;
  private final long bucketMs;
  private final Tps nonProbe;
  private final Tps probe;
  private long firstStart = Long.MAX_VALUE;
  private long lastEnd = Long.MIN_VALUE;
  private Phase[] phases = new Phase[0];

  /**
   * @param splitProbe the recording has acquire times: the probe's records make the path figure
   */
  EndpointStats(
      Catalog.EndpointEntry endpoint,
      Catalog catalog,
      boolean splitProbe,
      long thresholdMicros,
      long bucketMs) {
    this.endpoint = endpoint;
    this.splitProbe = splitProbe;
    this.path = new FigureStats(thresholdMicros);
    this.load = new FigureStats(thresholdMicros);
    this.bucketMs = bucketMs;
    this.timeline = new BucketCounts(bucketMs * 1000L);
    List<Catalog.OperationEntry> operations = catalog.operations();
    this.probeOperation = new boolean[operations.size()];
    this.kindOf = new OperationKind[operations.size()];
    for (Catalog.OperationEntry op : operations) {
      probeOperation[op.id()] = DowntimeAnalyzer.HEARTBEAT.equals(op.workload());
      kindOf[op.id()] = op.kind();
    }
    this.nonProbe = new Tps(operations);
    this.probe = new Tps(operations);
  }

  /** A record of the endpoint's path probe: the heartbeat writer, or a reader's read probe. */
  boolean isProbe(RecordView r) {
    return probeOperation[r.operation()];
  }

  /** The figure a record belongs to: the path's for the probe's, unless the recording is older. */
  FigureStats figureOf(RecordView r) {
    return splitProbe && isProbe(r) ? path : load;
  }

  /** First pass: the endpoint's next record, in end order. */
  void accept(RecordView r) {
    requests++;
    long[] kind = kinds[kindOf[r.operation()].ordinal()];
    if (kind == null) {
      kind = kinds[kindOf[r.operation()].ordinal()] = new long[2];
    }
    kind[0]++;
    boolean ok = r.ok();
    long latency = r.latencyMicros();
    if (!ok) {
      failed++;
      kind[1]++;
      failedByClass[r.errorClass().ordinal()]++;
      if (r.sqlStatePacked() != 0) {
        failedBySqlState.merge(r.sqlState(), 1L, Long::sum);
      }
    } else {
      latencyOk.record(latency);
    }
    latencyAll.record(latency);
    firstStart = Math.min(firstStart, r.startMicros());
    lastEnd = Math.max(lastEnd, r.endMicros());
    timeline.add(Math.floorDiv(r.endMicros(), 1000L) * 1000L, ok, latency);
    boolean isProbe = isProbe(r);
    (isProbe ? probe : nonProbe).accept(r);
    figureOf(r).accept(r);
    if (isProbe && r.detail() >= 0) {
      heartbeat.attempt(r.detail(), ok);
    }
  }

  /**
   * Sets the throughput phases from the top-level windows' bounds, before the second pass: before =
   * [first start, from), during = [from, to], after = (to, last end], by completion time, where
   * from/to are the first window's start and the last window's end, or both the trigger's asked
   * time when there was no window. Without either, everything is "before".
   */
  void phases(List<WindowFinder.Span> windows, Long askedMicros) {
    if (requests == 0) {
      phases = new Phase[0];
      return;
    }
    if (windows.isEmpty() && askedMicros == null) {
      phases = new Phase[] {new Phase(firstStart, lastEnd, true, true)};
      return;
    }
    long from = windows.isEmpty() ? askedMicros : windows.get(0).startMicros();
    long to = windows.isEmpty() ? askedMicros : windows.get(windows.size() - 1).endMicros();
    from = Math.max(firstStart, Math.min(lastEnd, from));
    to = Math.max(from, Math.min(lastEnd, to));
    phases =
        new Phase[] {
          new Phase(firstStart, from, true, false),
          new Phase(from, to, true, true),
          new Phase(to, lastEnd, false, true)
        };
  }

  /** Second pass: a record of the endpoint, in any order. */
  void count(RecordView r) {
    for (Phase p : phases) {
      p.accept(r.endMicros(), r.ok());
    }
  }

  EndpointReport report(
      List<DowntimeWindow> windows, Downtime pathFigure, Downtime workloadFigure) {
    Map<String, KindStats> byKind = new LinkedHashMap<>();
    for (int k = 0; k < KINDS.length; k++) {
      long[] v = kinds[k];
      if (v != null) {
        byKind.put(KINDS[k].label(), new KindStats(v[0], v[1], rate(v[0], v[1])));
      }
    }
    double downtimeMs = 0;
    for (DowntimeWindow w : windows) {
      downtimeMs += w.durationMs();
    }
    // every workload but the heartbeat probe; all records if the endpoint ran only heartbeats
    Tps tpsOf = nonProbe.requests > 0 ? nonProbe : probe;
    return new EndpointReport(
        endpoint.name(),
        endpoint.role(),
        requests,
        failed,
        rate(requests, failed),
        Maps.round(downtimeMs, 3),
        windows,
        byKind,
        FigureStats.byClass(failedByClass),
        failedBySqlState,
        latencyAll.latency(),
        latencyOk.latency(),
        throughput(),
        tpsOf.stats(),
        new Timeline(
            timeline.isEmpty() ? 0 : timeline.firstMicros() / 1000L,
            bucketMs,
            timeline.ok(),
            timeline.ko()),
        tpsOf.perSecond(),
        pathFigure,
        workloadFigure);
  }

  static double rate(long requests, long failed) {
    return requests == 0 ? 100.0 : Maps.round(100.0 * (requests - failed) / requests, 4);
  }

  private Throughput throughput() {
    if (phases.length == 0) {
      Rate none = new Rate(0, 0, 0, 0, 0, 0);
      return new Throughput(none, none, none);
    }
    if (phases.length == 1) {
      Rate empty = new Rate(lastEnd, lastEnd, 0, 0, 0, 0);
      return new Throughput(phases[0].rate(), empty, empty);
    }
    return new Throughput(phases[0].rate(), phases[1].rate(), phases[2].rate());
  }

  /** Completions in [start, end], either bound included or not. */
  private static final class Phase {
    private final long start;
    private final long end;
    private final boolean includeStart;
    private final boolean includeEnd;
    private long requests;
    private long ok;

    Phase(long start, long end, boolean includeStart, boolean includeEnd) {
      this.start = start;
      this.end = end;
      this.includeStart = includeStart;
      this.includeEnd = includeEnd;
    }

    void accept(long t, boolean success) {
      boolean afterStart = includeStart ? t >= start : t > start;
      boolean beforeEnd = includeEnd ? t <= end : t < end;
      if (afterStart && beforeEnd) {
        requests++;
        if (success) {
          ok++;
        }
      }
    }

    Rate rate() {
      double seconds = (end - start) / 1_000_000.0;
      return new Rate(
          start,
          end,
          requests,
          ok,
          seconds > 0 ? Maps.round(requests / seconds, 3) : 0,
          seconds > 0 ? Maps.round(ok / seconds, 3) : 0);
    }
  }

  /** pgbench-like figures and the per-second series over a set of the endpoint's records. */
  private static final class Tps {
    private final List<Catalog.OperationEntry> operations;
    private final boolean[] ran;
    private final BucketCounts perSecond = new BucketCounts(1_000_000L);
    private long requests;
    private long errors;
    private long ok;
    private long okLatencyMicros;
    private long start = Long.MAX_VALUE;
    private long end = Long.MIN_VALUE;

    Tps(List<Catalog.OperationEntry> operations) {
      this.operations = operations;
      this.ran = new boolean[operations.size()];
    }

    void accept(RecordView r) {
      requests++;
      ran[r.operation()] = true;
      start = Math.min(start, r.startMicros());
      end = Math.max(end, r.endMicros());
      if (r.ok()) {
        ok++;
        okLatencyMicros += r.latencyMicros();
      } else {
        errors++;
      }
      perSecond.add(r.endMicros(), r.ok(), r.latencyMicros());
    }

    TpsStats stats() {
      TreeSet<String> workloads = new TreeSet<>();
      for (int op = 0; op < ran.length; op++) {
        if (ran[op]) {
          workloads.add(operations.get(op).workload());
        }
      }
      double seconds = requests == 0 ? 0 : (end - start) / 1_000_000.0;
      return new TpsStats(
          new ArrayList<>(workloads),
          seconds > 0 ? Maps.round(ok / seconds, 3) : 0,
          perSecond.maxOk(),
          ok > 0 ? Maps.round(okLatencyMicros / 1000.0 / ok, 3) : 0,
          errors);
    }

    SecondSeries perSecond() {
      if (perSecond.isEmpty()) {
        return new SecondSeries(0, new int[0], new int[0], new Double[0]);
      }
      return new SecondSeries(
          perSecond.firstMicros() / 1000L,
          perSecond.ok(),
          perSecond.ko(),
          perSecond.meanOkLatencyMs());
    }
  }
}
