package io.pgfailover.trigger;

import io.pgfailover.config.TriggerKind;
import io.pgfailover.patroni.PatroniCluster;
import io.pgfailover.patroni.PatroniMember;
import io.pgfailover.patroni.PatroniRest;
import io.pgfailover.record.EventName;
import io.pgfailover.record.FailoverEvent;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
  /** After the thaw, how long a new leader may still take to appear before "no failover". */
  private static final Duration ELECTION_GRACE = Duration.ofSeconds(5);

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
    Optional<PatroniMember> newLeader = Optional.empty();
    try (FrozenProcesses frozen = FrozenProcesses.freeze(roots)) {
      events.accept(
          FailoverEvent.now(
              EventName.FROZEN, frozen.size() + " processes of " + victim + " stopped"));
      long thawAtNanos = System.nanoTime() + freeze.toNanos();
      newLeader = awaitOtherLeader(victim, Math.min(thawAtNanos, deadlineNanos), events);
      while (System.nanoTime() - thawAtNanos < 0) {
        FailoverWatch.sleep(
            Math.min(
                FailoverWatch.POLL_MS, Math.max(1, (thawAtNanos - System.nanoTime()) / 1_000_000)));
      }
      int thawed = frozen.thaw();
      events.accept(
          FailoverEvent.now(EventName.THAWED, "SIGCONT to " + thawed + " processes of " + victim));
    }
    if (newLeader.isEmpty()) {
      long graceNanos = Math.min(deadlineNanos, System.nanoTime() + ELECTION_GRACE.toNanos());
      newLeader = awaitOtherLeader(victim, graceNanos, events);
    }
    if (newLeader.isEmpty()) {
      events.accept(
          FailoverEvent.now(
              EventName.NO_FAILOVER,
              victim + " kept the leader key: the freeze" + " was shorter than Patroni's ttl"));
      return;
    }
    int oldTimeline = before.leader().timeline();
    int timeline =
        FailoverWatch.awaitTimeline(
            rest, newLeader.get().name(), oldTimeline, deadlineNanos, events);
    FailoverWatch.recordHistory(
        rest, timeline > 0 ? timeline : oldTimeline + 1, deadlineNanos, events);
    new OldPrimaryWatch(rest, victim, newLeader.get().name()).follow(deadlineNanos, events);
  }

  /** Polls until a running leader other than {@code victim} runs, and records it; or times out. */
  private Optional<PatroniMember> awaitOtherLeader(
      String victim, long untilNanos, Consumer<FailoverEvent> events)
      throws InterruptedIOException {
    while (System.nanoTime() - untilNanos < 0) {
      Optional<PatroniMember> leader = FailoverWatch.readLeader(rest);
      if (leader.isPresent() && !leader.get().name().equals(victim)) {
        events.accept(
            FailoverEvent.now(EventName.NEW_PRIMARY_SEEN, victim + " -> " + leader.get().name()));
        return leader;
      }
      FailoverWatch.sleep(FailoverWatch.POLL_MS);
    }
    return Optional.empty();
  }

  /**
   * Follows a deposed primary after the thaw: demoted, then rejoined as a streaming replica. Or the
   * other outcome, seen on the lab (Patroni 3.0.2, etcd3): the thawed node takes the leader key
   * back, and the new primary is demoted and rewound, so what it acknowledged meanwhile is lost.
   * Patroni 3.1.0 fixed that race (patroni/patroni#2787).
   */
  private static final class OldPrimaryWatch {
    private final PatroniRest rest;
    private final String victim;
    private final String newLeader;
    private final List<String> states = new ArrayList<>();

    OldPrimaryWatch(PatroniRest rest, String victim, String newLeader) {
      this.rest = rest;
      this.victim = victim;
      this.newLeader = newLeader;
    }

    void follow(long deadlineNanos, Consumer<FailoverEvent> events) throws InterruptedIOException {
      boolean demoted = false;
      while (System.nanoTime() - deadlineNanos < 0) {
        try {
          List<PatroniMember> members = rest.members();
          Optional<PatroniMember> old =
              members.stream().filter(m -> m.name().equals(victim)).findFirst();
          if (old.isPresent()) {
            note(old.get());
            if (!demoted && !old.get().isLeader()) {
              demoted = true;
              events.accept(
                  FailoverEvent.now(
                      EventName.OLD_PRIMARY_DEMOTED,
                      victim + " is " + old.get().role() + " (" + old.get().state() + ")"));
            }
            Optional<PatroniMember> now = FailoverWatch.runningLeader(members);
            if (!demoted && now.isPresent() && now.get().name().equals(victim)) {
              events.accept(
                  FailoverEvent.now(
                      EventName.OLD_PRIMARY_RETOOK_LEADERSHIP,
                      victim
                          + " holds the leader key again after the thaw; "
                          + newLeader
                          + " (promoted "
                          + "during the freeze) is demoted: what it acknowledged may be lost"));
              return;
            }
            if (demoted
                && old.get().isRunning()
                && now.isPresent()
                && rest.streamingReplicas(now.get()).contains(victim)) {
              events.accept(
                  FailoverEvent.now(
                      EventName.OLD_PRIMARY_REJOINED,
                      victim
                          + " streams from "
                          + now.get().name()
                          + " on timeline "
                          + old.get().timeline()
                          + "; states seen: "
                          + String.join(" > ", states)));
              return;
            }
          }
        } catch (InterruptedIOException e) {
          throw e;
        } catch (IOException e) {
          // members restart on purpose; the next poll will tell
        }
        FailoverWatch.sleep(FailoverWatch.POLL_MS);
      }
    }

    /** Keeps the distinct role/state steps the old primary went through (a rewind shows here). */
    private void note(PatroniMember m) {
      String step = m.role() + "/" + m.state();
      if (states.isEmpty() || !states.get(states.size() - 1).equals(step)) {
        states.add(step);
      }
    }
  }
}
