package io.pgfailover.trigger;

import io.pgfailover.config.TriggerKind;
import io.pgfailover.patroni.PatroniCluster;
import io.pgfailover.patroni.PatroniRest;
import io.pgfailover.record.EventName;
import io.pgfailover.record.FailoverEvent;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * A hung primary: SIGSTOP to its Patroni, its postmaster and all their descendants for {@code
 * freeze}, then SIGCONT. Clients see connections that neither answer nor fail. If the freeze
 * outlasts Patroni's ttl, another member takes the leader key; after the thaw the old primary's
 * Patroni finds itself demoted, stops PostgreSQL, rewinds it if needed and rejoins as a replica.
 *
 * <p>Events: {@code asked}, {@code frozen}, {@code new-primary-seen} (if another leader runs while
 * frozen or soon after), {@code thawed}, then what the old primary did: {@code old-primary-demoted}
 * (seen as a non-leader), {@code old-primary-rejoined} (streaming from the new leader, with the
 * Patroni states it went through), or {@code no-failover} when it kept the leader key. SIGCONT is
 * always sent: in {@code finally} and from a JVM shutdown hook.
 */
public final class FreezePrimaryTrigger implements Trigger {
  private final PatroniRest rest;
  private final PatroniCluster.MemberProcesses processes;
  private final Duration freeze;

  /**
   * @param freeze how long the node stays stopped; above Patroni's ttl for a failover
   */
  public FreezePrimaryTrigger(PatroniCluster cluster, Duration freeze) {
    if (freeze.isNegative() || freeze.isZero()) {
      throw new IllegalArgumentException("freeze must be positive: " + freeze);
    }
    // Short reads: the frozen member's API accepts connections but never answers.
    this.rest = new PatroniRest(cluster.restUrls(), Duration.ofMillis(500));
    this.processes = cluster.processes();
    this.freeze = freeze;
  }

  @Override
  public String kind() {
    return TriggerKind.FREEZE_PRIMARY.label();
  }

  @Override
  public void preflight() {
    LocalMembers.check(rest, processes, kind());
  }

  @Override
  public void fire(Consumer<FailoverEvent> events, Duration deadline) throws Exception {
    long deadlineNanos = System.nanoTime() + deadline.toNanos();
    FailoverWatch.Before before = LocalMembers.check(rest, processes, kind());
    String victim = before.leader().name();
    List<Long> roots = processes.processIds(victim);
    events.accept(
        FailoverEvent.now(
            EventName.ASKED,
            "SIGSTOP "
                + victim
                + " (Patroni, postmaster: "
                + LocalMembers.pids(roots)
                + ") for "
                + freeze.toMillis()
                + " ms"));
    FaultAftermath aftermath = new FaultAftermath(rest, victim);
    try (FrozenProcesses frozen = FrozenProcesses.freeze(roots)) {
      events.accept(
          FailoverEvent.now(
              EventName.FROZEN, frozen.size() + " processes of " + victim + " stopped"));
      long thawAtNanos = System.nanoTime() + freeze.toNanos();
      aftermath.awaitOtherLeader(Math.min(thawAtNanos, deadlineNanos), events);
      FailoverWatch.sleepUntil(thawAtNanos);
      int thawed = frozen.thaw();
      events.accept(
          FailoverEvent.now(EventName.THAWED, "SIGCONT to " + thawed + " processes of " + victim));
    }
    aftermath.follow(
        before.leader().timeline(),
        victim + " kept the leader key: the freeze was shorter than Patroni's ttl",
        deadlineNanos,
        events);
  }
}
