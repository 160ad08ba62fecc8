package io.pgfailover.downtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
  @Test
  void percentilesAreTheNearestRankOnesWithinTheStatedPrecision() {
    SplittableRandom random = new SplittableRandom(11);
    for (int n : new int[] {1, 2, 3, 10, 21, 1_000, 100_000}) {
      long[] values = new long[n];
      LatencyHistogram h = new LatencyHistogram();
      for (int i = 0; i < n; i++) {
        // 0.3 ms to 10 s, log-uniform: both sides of the exact range (below 2048 µs)
        values[i] = (long) Math.exp(Math.log(300) + random.nextDouble() * Math.log(33_000));
        h.record(values[i]);
      }
      Arrays.sort(values);
      for (double pct : new double[] {50, 95, 99}) {
        long exact = values[Math.max(0, (int) Math.ceil(pct / 100.0 * n) - 1)];
        long got = h.percentile(pct);
        if (exact < 2048) {
          assertEquals(exact, got, n + " values, p" + pct);
        } else {
          assertTrue(Math.abs(got - exact) <= exact / 1024.0, n + " p" + pct + " " + got);
        }
      }
      assertEquals(values[n - 1] / 1000.0, h.latency().maxMs());
    }
  }
}
