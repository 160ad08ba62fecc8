package io.pgfailover.record;

/**
 * The one clock of a run: microseconds since the Unix epoch, read from {@link System#nanoTime()}
 * and anchored to the wall clock once, when the class loads.
 *
 * <p>Every request record, trigger event and window is stamped by this clock, so intervals cannot
 * be bent by an NTP step during the run, and figures can still be shown as wall-clock times.
 */
public final class RunClock {
  private static final long ANCHOR_EPOCH_MICROS;
  private static final long ANCHOR_NANOS;

  static {
    java.time.Instant now = java.time.Instant.now();
    ANCHOR_NANOS = System.nanoTime();
    ANCHOR_EPOCH_MICROS = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000L;
  }

  private RunClock() {}

  /** Now, in microseconds since the epoch, monotonic within this JVM. */
  public static long nowMicros() {
    return ANCHOR_EPOCH_MICROS + (System.nanoTime() - ANCHOR_NANOS) / 1_000L;
  }

  /** Converts a {@link System#nanoTime()} reading to this clock's epoch microseconds. */
  public static long toMicros(long nanoTime) {
    return ANCHOR_EPOCH_MICROS + (nanoTime - ANCHOR_NANOS) / 1_000L;
  }
}
