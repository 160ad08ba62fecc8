package io.pgfailover.downtime;

import io.pgfailover.config.Figure;
import io.pgfailover.downtime.Round.EndpointRound;
import io.pgfailover.downtime.SeriesStats.Distribution;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link SeriesStats} per endpoint from the rounds. Pure. */
final class SeriesStatistics {
  /** Per-round downtime ranges, in seconds, lower bound inclusive (as in the RTO seed). */
  static final double[] BUCKET_BOUNDS_S = {5, 10, 15, 30};

  static final List<String> BUCKET_LABELS =
      List.of("0-5 s", "5-10 s", "10-15 s", "15-30 s", "30+ s");
  private static final double YEAR_SECONDS = 365.25 * 24 * 3600;

  private SeriesStatistics() {}

  /**
   * @param measuredPeriodMicros length of the measured period (0 when unknown)
   */
  static Map<String, SeriesStats> compute(
      List<Round> rounds, Map<String, EndpointReport> endpoints, long measuredPeriodMicros) {
    Map<String, SeriesStats> series = new LinkedHashMap<>();
    if (rounds.isEmpty()) {
      return series;
    }
    for (EndpointReport e : endpoints.values()) {
      List<Double> downtimes = new ArrayList<>();
      List<Double> workloadDowntimes = new ArrayList<>();
      List<Double> recoveries = new ArrayList<>();
      Map<String, Long> buckets = new LinkedHashMap<>();
      BUCKET_LABELS.forEach(label -> buckets.put(label, 0L));
      for (Round r : rounds) {
        EndpointRound er = r.endpoints().get(e.name());
        double downtime = er == null ? 0 : er.downtimeMs();
        downtimes.add(downtime);
        if (er != null && er.workload() != null) {
          workloadDowntimes.add(er.workload().downtimeMs());
        }
        Maps.increment(buckets, BUCKET_LABELS.get(bucket(downtime)));
        if (er != null && er.recoveryMs() != null) {
          recoveries.add(er.recoveryMs());
        }
      }
      Distribution downtime = distribution(downtimes);
      double periodMs = Maps.ms(measuredPeriodMicros);
      Figure figure = e.path() != null ? Figure.PATH : Figure.WORKLOAD;
      double total = e.outageMs(figure);
      double unavailable = periodMs > 0 ? Math.min(1.0, total / periodMs) : 0;
      double availability = 1.0 - unavailable;
      double nines =
          unavailable <= 0
              ? SeriesStats.MAX_NINES
              : Math.min(SeriesStats.MAX_NINES, -Math.log10(unavailable));
      double yearlySec = unavailable * YEAR_SECONDS;
      series.put(
          e.name(),
          new SeriesStats(
              figure,
              rounds.size(),
              downtime,
              workloadDowntimes.isEmpty() ? null : distribution(workloadDowntimes),
              recoveries.isEmpty() ? null : distribution(recoveries),
              buckets,
              periodMs,
              total,
              Maps.round(availability, 9),
              Maps.round(availability * 100, 7),
              Maps.round(nines, 3),
              Maps.round(yearlySec, 1),
              Maps.round(yearlySec / 60, 2),
              downtime.meanMs()));
    }
    return series;
  }

  static int bucket(double downtimeMs) {
    double seconds = downtimeMs / 1000.0;
    int i = 0;
    while (i < BUCKET_BOUNDS_S.length && seconds >= BUCKET_BOUNDS_S[i]) {
      i++;
    }
    return i;
  }

  static Distribution distribution(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
    if (v.length == 0) {
      return new Distribution(0, 0, 0, 0, 0, 0);
    }
    Arrays.sort(v);
    double sum = 0;
    for (double x : v) {
      sum += x;
    }
    int n = v.length;
    double median = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    int p95 = Math.max(0, Math.min(n - 1, (int) Math.ceil(0.95 * n) - 1));
    return new Distribution(
        n, Maps.round(sum / n, 3), v[0], v[n - 1], Maps.round(median, 3), v[p95]);
  }
}
