package io.pgfailover.record;

/**
 * A moment on the run's timeline that the trigger or the cluster reported, such as {@code asked},
 * {@code returned}, {@code new-primary-seen}, or a cluster event read from Patroni or RDS.
 *
 * @param name short machine-readable name, e.g. "asked"
 * @param atMicros {@link RunClock} microseconds since the epoch
 * @param detail human-readable detail (no secrets), may be empty
 */
public record FailoverEvent(String name, long atMicros, String detail) {
  public static FailoverEvent now(String name, String detail) {
    return new FailoverEvent(name, RunClock.nowMicros(), detail);
  }
}
