package io.pgfailover.downtime;

import io.pgfailover.downtime.EndpointReport.Latency;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

/**
 * Latencies of one set of requests in memory that does not grow with their number: an HdrHistogram
 * at {@value #SIGNIFICANT_DIGITS} significant digits, plus the exact count, sum and maximum.
 *
 * <p>Precision: values below 2048 µs are counted to the µs; above, each bucket is at most 1/1024 of
 * its value wide, so a percentile is within 0.1 % of the exact one (reported as its bucket's
 * highest value, never above the exact maximum). The mean and the maximum are exact. Percentiles
 * are nearest-rank, as they were when every latency was sorted: the rank of p % of n is ⌈p × n /
 * 100⌉.
 */
final class LatencyHistogram {
  static final int SIGNIFICANT_DIGITS = 3;

  private final Histogram histogram = new Histogram(SIGNIFICANT_DIGITS); // auto-resizing
  private long count;
  private long sumMicros;
  private long maxMicros = Long.MIN_VALUE;
  private long minMicros = Long.MAX_VALUE;

  void record(long micros) {
    count++;
    sumMicros += micros;
    maxMicros = Math.max(maxMicros, micros);
    minMicros = Math.min(minMicros, micros);
    histogram.recordValue(Math.max(0, micros));
  }

  long count() {
    return count;
  }

  /** The value of nearest rank {@code rank} (1 = the smallest), within the stated precision. */
  long atRank(long rank) {
    long seen = 0;
    for (HistogramIterationValue v : histogram.recordedValues()) {
      seen += v.getCountAtValueIteratedTo();
      if (seen >= rank) {
        long value = histogram.highestEquivalentValue(v.getValueIteratedTo());
        return Math.max(minMicros, Math.min(maxMicros, value));
      }
    }
    return maxMicros;
  }

  /** Nearest-rank percentile: the value of rank ⌈pct × n / 100⌉, within 1 and n. */
  long percentile(double pct) {
    long rank = (long) Math.ceil(pct / 100.0 * count);
    return atRank(Math.max(1, Math.min(count, rank)));
  }

  Latency latency() {
    if (count == 0) {
      return new Latency(0, 0, 0, 0, 0, 0);
    }
    return new Latency(
        count,
        Maps.round(sumMicros / 1000.0 / count, 3),
        Maps.ms(percentile(50)),
        Maps.ms(percentile(95)),
        Maps.ms(percentile(99)),
        Maps.ms(maxMicros));
  }
}
