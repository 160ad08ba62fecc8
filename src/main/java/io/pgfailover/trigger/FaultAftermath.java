package io.pgfailover.trigger;

import io.pgfailover.patroni.PatroniMember;
import io.pgfailover.patroni.PatroniRest;
import io.pgfailover.record.EventName;
import io.pgfailover.record.FailoverEvent;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What the cluster does around a fault that holds the primary for a while and then ends (a freeze,
 * a partition): whether another member took the leader key, and after the fault, the new timeline,
 * Patroni's history and the old primary's way back. Shared by the timed lab faults.
 */
final class FaultAftermath {
  /** After the fault ends, how long a new leader may still take to appear before "no failover". */
  static final Duration ELECTION_GRACE = Duration.ofSeconds(5);

  private final PatroniRest rest;
  private final String victim;
  private Optional<PatroniMember> newLeader = Optional.empty();

  FaultAftermath(PatroniRest rest, String victim) {
    this.rest = rest;
    this.victim = victim;
  }

  /**
   * Polls until a running leader other than the victim runs, and records it ({@code
   * new-primary-seen}), or {@code untilNanos} passes; a no-op once one was seen.
   */
  void awaitOtherLeader(long untilNanos, Consumer<FailoverEvent> events)
      throws InterruptedIOException {
    while (newLeader.isEmpty() && System.nanoTime() - untilNanos < 0) {
      if (!pollOnce(events)) {
        FailoverWatch.sleep(FailoverWatch.POLL_MS);
      }
    }
  }

  /** One read of the leader; records {@code new-primary-seen} and returns true when it changed. */
  boolean pollOnce(Consumer<FailoverEvent> events) throws InterruptedIOException {
    if (newLeader.isPresent()) {
      return true;
    }
    Optional<PatroniMember> leader = FailoverWatch.readLeader(rest);
    if (leader.isPresent() && !leader.get().name().equals(victim)) {
      events.accept(
          FailoverEvent.now(EventName.NEW_PRIMARY_SEEN, victim + " -> " + leader.get().name()));
      newLeader = leader;
      return true;
    }
    return false;
  }

  /**
   * After the fault ended: waits {@link #ELECTION_GRACE} more for a new leader; then either {@code
   * no-failover} with {@code keptLeaderDetail}, or the new timeline, the history row and the old
   * primary's demotion and rejoin (see {@link OldPrimaryWatch}).
   */
  void follow(
      int oldTimeline, String keptLeaderDetail, long deadlineNanos, Consumer<FailoverEvent> events)
      throws InterruptedIOException {
    awaitOtherLeader(Math.min(deadlineNanos, System.nanoTime() + ELECTION_GRACE.toNanos()), events);
    if (newLeader.isEmpty()) {
      events.accept(FailoverEvent.now(EventName.NO_FAILOVER, keptLeaderDetail));
      return;
    }
    String leader = newLeader.get().name();
    int timeline = FailoverWatch.awaitTimeline(rest, leader, oldTimeline, deadlineNanos, events);
    FailoverWatch.recordHistory(
        rest, timeline > 0 ? timeline : oldTimeline + 1, deadlineNanos, events);
    new OldPrimaryWatch(rest, victim, leader).follow(deadlineNanos, events);
  }
}
