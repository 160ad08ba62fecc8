package io.pgfailover.trigger.aws;

import java.time.Duration;

/** The end of a trigger's wait, on the monotonic clock. */
final class Deadline {
  private final long endNanos;

  Deadline(Duration budget) {
    this.endNanos = System.nanoTime() + budget.toNanos();
  }

  boolean passed() {
    return System.nanoTime() - endNanos >= 0;
  }

  /** Sleeps {@code interval}, or less when the deadline comes first. */
  void sleep(Duration interval) throws InterruptedException {
    long leftNanos = endNanos - System.nanoTime();
    long sleepNanos = Math.min(interval.toNanos(), Math.max(0, leftNanos));
    if (sleepNanos > 0) {
      Thread.sleep(sleepNanos / 1_000_000L, (int) (sleepNanos % 1_000_000L));
    }
  }
}
