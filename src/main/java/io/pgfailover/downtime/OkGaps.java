package io.pgfailover.downtime;

/**
 * The gaps between consecutive successes of one figure, for the sparse-load note ({@link Notes}): a
 * histogram of them, and the exact count of those at most half the gap threshold, which alone
 * decides whether the median is above half the threshold. The median printed in the note is the
 * histogram's, within its precision (see {@link LatencyHistogram}).
 */
final class OkGaps {
  private final long thresholdMicros;
  private final LatencyHistogram gaps = new LatencyHistogram();
  private long small;
  private long previousOk = Long.MIN_VALUE;

  OkGaps(long thresholdMicros) {
    this.thresholdMicros = thresholdMicros;
  }

  /** The end of the figure's next success, in end order. */
  void ok(long endMicros) {
    if (previousOk != Long.MIN_VALUE) {
      long gap = endMicros - previousOk;
      gaps.record(gap);
      if (gap * 2 <= thresholdMicros) {
        small++;
      }
    }
    previousOk = Math.max(previousOk, endMicros);
  }

  /** True when the median gap (the middle one, the upper of two) is above half the threshold. */
  boolean sparse() {
    long n = gaps.count();
    return n > 0 && small <= n / 2;
  }

  /** The median gap in µs, within the histogram's precision; 0 without two successes. */
  long medianMicros() {
    long n = gaps.count();
    return n == 0 ? 0 : gaps.atRank(n / 2 + 1);
  }
}
