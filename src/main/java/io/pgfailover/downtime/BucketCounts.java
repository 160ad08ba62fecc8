package io.pgfailover.downtime;

import java.util.Arrays;

/**
 * OK and failed completions (and the OK latency total) per time bucket, over the buckets from the
 * first completion to the last: its size grows with the run's length, not with its requests (a day
 * in 100 ms buckets is 864,000 buckets). Buckets are whole numbers of {@code bucketMicros} since
 * the epoch; completions arrive in nearly any order.
 */
final class BucketCounts {
  private final long bucketMicros;
  private long first; // bucket number of index 0
  private int size;
  private int[] ok = new int[1024];
  private int[] ko = new int[1024];
  private long[] okLatencyMicros = new long[1024];

  BucketCounts(long bucketMicros) {
    this.bucketMicros = bucketMicros;
  }

  void add(long endMicros, boolean success, long latencyMicros) {
    int i = index(Math.floorDiv(endMicros, bucketMicros));
    if (success) {
      ok[i]++;
      okLatencyMicros[i] += latencyMicros;
    } else {
      ko[i]++;
    }
  }

  boolean isEmpty() {
    return size == 0;
  }

  /** The first bucket's start, in µs since the epoch (0 when empty). */
  long firstMicros() {
    return size == 0 ? 0 : first * bucketMicros;
  }

  int[] ok() {
    return Arrays.copyOf(ok, size);
  }

  int[] ko() {
    return Arrays.copyOf(ko, size);
  }

  /** Mean OK latency per bucket in ms (3 decimals), null where nothing succeeded. */
  Double[] meanOkLatencyMs() {
    Double[] mean = new Double[size];
    for (int i = 0; i < size; i++) {
      mean[i] = ok[i] == 0 ? null : Maps.round(okLatencyMicros[i] / 1000.0 / ok[i], 3);
    }
    return mean;
  }

  int maxOk() {
    int max = 0;
    for (int i = 0; i < size; i++) {
      max = Math.max(max, ok[i]);
    }
    return max;
  }

  private int index(long bucket) {
    if (size == 0) {
      first = bucket;
      size = 1;
      return 0;
    }
    if (bucket < first) { // a completion before the first one seen: grow to the left
      int shift = Math.toIntExact(first - bucket);
      grow(size + shift);
      System.arraycopy(ok, 0, ok, shift, size);
      System.arraycopy(ko, 0, ko, shift, size);
      System.arraycopy(okLatencyMicros, 0, okLatencyMicros, shift, size);
      Arrays.fill(ok, 0, shift, 0);
      Arrays.fill(ko, 0, shift, 0);
      Arrays.fill(okLatencyMicros, 0, shift, 0);
      first = bucket;
      size += shift;
      return 0;
    }
    int i = Math.toIntExact(bucket - first);
    if (i >= size) {
      grow(i + 1);
      size = i + 1;
    }
    return i;
  }

  private void grow(int needed) {
    if (needed > ok.length) {
      int length = Math.max(needed, ok.length * 2);
      ok = Arrays.copyOf(ok, length);
      ko = Arrays.copyOf(ko, length);
      okLatencyMicros = Arrays.copyOf(okLatencyMicros, length);
    }
  }
}
