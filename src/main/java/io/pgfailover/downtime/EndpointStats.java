package io.pgfailover.downtime;

import io.pgfailover.downtime.EndpointReport.KindStats;
import io.pgfailover.downtime.EndpointReport.Latency;
import io.pgfailover.downtime.EndpointReport.Rate;
import io.pgfailover.downtime.EndpointReport.SecondSeries;
import io.pgfailover.downtime.EndpointReport.Throughput;
import io.pgfailover.downtime.EndpointReport.Timeline;
import io.pgfailover.downtime.EndpointReport.TpsStats;
import io.pgfailover.record.Catalog;
import io.pgfailover.record.ErrorClass;
import io.pgfailover.record.OperationKind;
import io.pgfailover.record.RequestRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/** Counts, latencies, throughput and time series of one endpoint. Pure. */
final class EndpointStats {
  private EndpointStats() {}

  static EndpointReport build(
      Catalog.EndpointEntry endpoint,
      List<RequestRecord> byEnd,
      List<DowntimeWindow> windows,
      Catalog catalog,
      AnalysisSettings settings,
      Long askedMicros,
      Downtime path,
      Downtime workload) {
    long failed = 0;
    Map<ErrorClass, Long> byClass = new EnumMap<>(ErrorClass.class);
    Map<String, Long> byState = new TreeMap<>();
    Map<OperationKind, long[]> kinds = new EnumMap<>(OperationKind.class);
    for (RequestRecord r : byEnd) {
      long[] kind =
          kinds.computeIfAbsent(catalog.operationById(r.operation()).kind(), k -> new long[2]);
      kind[0]++;
      if (!r.ok()) {
        failed++;
        kind[1]++;
        Maps.increment(byClass, r.errorClass());
        if (r.sqlState() != null) {
          Maps.increment(byState, r.sqlState());
        }
      }
    }
    Map<String, KindStats> byKind = new LinkedHashMap<>();
    kinds.forEach((k, v) -> byKind.put(k.label(), new KindStats(v[0], v[1], rate(v[0], v[1]))));
    double downtimeMs = 0;
    for (DowntimeWindow w : windows) {
      downtimeMs += w.durationMs();
    }
    List<RequestRecord> load = loadRecords(byEnd, catalog);
    return new EndpointReport(
        endpoint.name(),
        endpoint.role(),
        byEnd.size(),
        failed,
        rate(byEnd.size(), failed),
        Maps.round(downtimeMs, 3),
        windows,
        byKind,
        byClass,
        byState,
        latency(byEnd, false),
        latency(byEnd, true),
        throughput(byEnd, windows, askedMicros),
        tps(load, catalog),
        timeline(byEnd, settings.bucketMs()),
        perSecond(load),
        path,
        workload);
  }

  static double rate(long requests, long failed) {
    return requests == 0 ? 100.0 : Maps.round(100.0 * (requests - failed) / requests, 4);
  }

  /** Every workload but the heartbeat probe; all records if the endpoint ran only heartbeats. */
  static List<RequestRecord> loadRecords(List<RequestRecord> byEnd, Catalog catalog) {
    List<RequestRecord> load = new ArrayList<>();
    for (RequestRecord r : byEnd) {
      if (!DowntimeAnalyzer.isProbe(r, catalog)) {
        load.add(r);
      }
    }
    return load.isEmpty() ? byEnd : load;
  }

  static Latency latency(List<RequestRecord> records, boolean okOnly) {
    long[] micros = new long[records.size()];
    int n = 0;
    long sum = 0;
    for (RequestRecord r : records) {
      if (!okOnly || r.ok()) {
        micros[n++] = r.latencyMicros();
        sum += r.latencyMicros();
      }
    }
    if (n == 0) {
      return new Latency(0, 0, 0, 0, 0, 0);
    }
    Arrays.sort(micros, 0, n);
    return new Latency(
        n,
        Maps.round(sum / 1000.0 / n, 3),
        Maps.ms(rank(micros, n, 50)),
        Maps.ms(rank(micros, n, 95)),
        Maps.ms(rank(micros, n, 99)),
        Maps.ms(micros[n - 1]));
  }

  /** Nearest-rank percentile of the first n sorted values. */
  private static long rank(long[] sorted, int n, double pct) {
    int index = (int) Math.ceil(pct / 100.0 * n) - 1;
    return sorted[Math.max(0, Math.min(n - 1, index))];
  }

  /**
   * Phases, by completion time: before = [first start, from), during = [from, to], after = (to,
   * last end], where from/to are the first window's start and the last window's end, or both the
   * trigger's asked time when there was no window. Without either, everything is "before".
   */
  private static Throughput throughput(
      List<RequestRecord> byEnd, List<DowntimeWindow> windows, Long askedMicros) {
    if (byEnd.isEmpty()) {
      Rate none = new Rate(0, 0, 0, 0, 0, 0);
      return new Throughput(none, none, none);
    }
    long runStart = Long.MAX_VALUE;
    for (RequestRecord r : byEnd) {
      runStart = Math.min(runStart, r.startMicros());
    }
    long runEnd = byEnd.get(byEnd.size() - 1).endMicros();
    if (windows.isEmpty() && askedMicros == null) {
      Rate empty = new Rate(runEnd, runEnd, 0, 0, 0, 0);
      return new Throughput(rateIn(byEnd, runStart, runEnd, true, true), empty, empty);
    }
    long from = windows.isEmpty() ? askedMicros : windows.get(0).startEpochMicros();
    long to = windows.isEmpty() ? askedMicros : windows.get(windows.size() - 1).endEpochMicros();
    from = Math.max(runStart, Math.min(runEnd, from));
    to = Math.max(from, Math.min(runEnd, to));
    return new Throughput(
        rateIn(byEnd, runStart, from, true, false),
        rateIn(byEnd, from, to, true, true),
        rateIn(byEnd, to, runEnd, false, true));
  }

  private static Rate rateIn(
      List<RequestRecord> byEnd, long start, long end, boolean includeStart, boolean includeEnd) {
    long requests = 0;
    long ok = 0;
    for (RequestRecord r : byEnd) {
      long t = r.endMicros();
      boolean afterStart = includeStart ? t >= start : t > start;
      boolean beforeEnd = includeEnd ? t <= end : t < end;
      if (afterStart && beforeEnd) {
        requests++;
        if (r.ok()) {
          ok++;
        }
      }
    }
    double seconds = (end - start) / 1_000_000.0;
    return new Rate(
        start,
        end,
        requests,
        ok,
        seconds > 0 ? Maps.round(requests / seconds, 3) : 0,
        seconds > 0 ? Maps.round(ok / seconds, 3) : 0);
  }

  private static TpsStats tps(List<RequestRecord> load, Catalog catalog) {
    TreeSet<String> workloads = new TreeSet<>();
    long errors = 0;
    long ok = 0;
    long okLatencyMicros = 0;
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    for (RequestRecord r : load) {
      workloads.add(catalog.operationById(r.operation()).workload());
      start = Math.min(start, r.startMicros());
      end = Math.max(end, r.endMicros());
      if (r.ok()) {
        ok++;
        okLatencyMicros += r.latencyMicros();
      } else {
        errors++;
      }
    }
    double seconds = load.isEmpty() ? 0 : (end - start) / 1_000_000.0;
    int max = 0;
    for (int count : perSecond(load).ok()) {
      max = Math.max(max, count);
    }
    return new TpsStats(
        new ArrayList<>(workloads),
        seconds > 0 ? Maps.round(ok / seconds, 3) : 0,
        max,
        ok > 0 ? Maps.round(okLatencyMicros / 1000.0 / ok, 3) : 0,
        errors);
  }

  static Timeline timeline(List<RequestRecord> byEnd, long bucketMs) {
    if (byEnd.isEmpty()) {
      return new Timeline(0, bucketMs, new int[0], new int[0]);
    }
    long first = Math.floorDiv(Math.floorDiv(byEnd.get(0).endMicros(), 1000L), bucketMs) * bucketMs;
    long last = Math.floorDiv(byEnd.get(byEnd.size() - 1).endMicros(), 1000L);
    int size = (int) ((last - first) / bucketMs) + 1;
    int[] ok = new int[size];
    int[] ko = new int[size];
    for (RequestRecord r : byEnd) {
      int i = (int) ((Math.floorDiv(r.endMicros(), 1000L) - first) / bucketMs);
      if (r.ok()) {
        ok[i]++;
      } else {
        ko[i]++;
      }
    }
    return new Timeline(first, bucketMs, ok, ko);
  }

  static SecondSeries perSecond(List<RequestRecord> byEnd) {
    if (byEnd.isEmpty()) {
      return new SecondSeries(0, new int[0], new int[0], new Double[0]);
    }
    long first = Math.floorDiv(byEnd.get(0).endMicros(), 1_000_000L);
    long last = Math.floorDiv(byEnd.get(byEnd.size() - 1).endMicros(), 1_000_000L);
    int size = (int) (last - first) + 1;
    int[] ok = new int[size];
    int[] ko = new int[size];
    long[] latency = new long[size];
    for (RequestRecord r : byEnd) {
      int i = (int) (Math.floorDiv(r.endMicros(), 1_000_000L) - first);
      if (r.ok()) {
        ok[i]++;
        latency[i] += r.latencyMicros();
      } else {
        ko[i]++;
      }
    }
    Double[] mean = new Double[size];
    for (int i = 0; i < size; i++) {
      mean[i] = ok[i] == 0 ? null : Maps.round(latency[i] / 1000.0 / ok[i], 3);
    }
    return new SecondSeries(first * 1000L, ok, ko, mean);
  }
}
