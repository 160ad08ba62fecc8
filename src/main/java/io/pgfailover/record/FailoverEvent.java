package io.pgfailover.record;

import org.jspecify.annotations.Nullable;

/**
 * A moment on the run's timeline that the run control, a trigger or the cluster reported, such as
 * {@code asked}, {@code returned}, {@code new-primary-seen}, or a cluster event read from Patroni
 * or RDS. Written through {@link EventName}; read back with whatever name a run folder holds.
 *
 * @param name an {@link EventName}'s label, e.g. "asked"
 * @param atMicros {@link RunClock} microseconds since the epoch
 * @param detail human-readable detail (no secrets), may be empty; no figure depends on its wording
 * @param round the failover round (1, 2, ...) the event belongs to, 0 when it belongs to none
 * @param outcome how a call was answered, on {@code returned} events; null elsewhere or unknown
 */
public record FailoverEvent(
    String name, long atMicros, String detail, int round, @Nullable Outcome outcome) {

  /** An event of no round and no outcome (as a run folder from before those fields reads). */
  public FailoverEvent(String name, long atMicros, String detail) {
    this(name, atMicros, detail, 0, null);
  }

  public FailoverEvent(EventName name, long atMicros, String detail) {
    this(name.label(), atMicros, detail, 0, null);
  }

  public static FailoverEvent now(EventName name, String detail) {
    return new FailoverEvent(name, RunClock.nowMicros(), detail);
  }

  /** An event of failover round {@code round}. */
  public static FailoverEvent now(EventName name, int round, String detail) {
    return new FailoverEvent(name.label(), RunClock.nowMicros(), detail, round, null);
  }

  /** A {@code returned} event: the answer to a trigger's call. */
  public static FailoverEvent answer(Outcome outcome, String detail) {
    return new FailoverEvent(EventName.RETURNED.label(), RunClock.nowMicros(), detail, 0, outcome);
  }

  public boolean is(EventName expected) {
    return expected.label().equals(name);
  }
}
