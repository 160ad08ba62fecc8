package io.pgfailover.trigger;

import io.pgfailover.config.TriggerKind;
import io.pgfailover.patroni.PatroniCluster;
import io.pgfailover.patroni.PatroniMember;
import io.pgfailover.patroni.PatroniRest;
import io.pgfailover.record.EventName;
import io.pgfailover.record.FailoverEvent;
import io.pgfailover.record.Outcome;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * What a minor upgrade or an instance-class change does to a Patroni cluster, as an operator (or
 * RDS) rolls it: each replica restarted in turn ({@code POST /restart}) and awaited until it
 * streams again, then a switchover to a restarted replica, then the old primary restarted as a
 * replica. Writers lose one switchover; readers lose each replica's restart.
 *
 * <p>Events: {@code asked}; per replica {@code member-restarted} (Patroni answered, with the new
 * postmaster start time) and {@code member-streaming}; then the switchover's {@code
 * new-primary-seen}, {@code returned} and {@code timeline}; then the old primary's {@code
 * member-restarted} and {@code member-streaming}.
 */
public final class RollingRestartTrigger implements Trigger {
  private static final long RETRY_MS = 500;

  private final PatroniRest rest;

  public RollingRestartTrigger(PatroniCluster cluster) {
    this.rest = new PatroniRest(cluster.restUrls(), Duration.ofSeconds(2));
  }

  @Override
  public String kind() {
    return TriggerKind.ROLLING_RESTART.label();
  }

  @Override
  public void preflight() {
    FailoverWatch.before(rest, kind());
  }

  @Override
  public void fire(Consumer<FailoverEvent> events, Duration deadline) throws Exception {
    long deadlineNanos = System.nanoTime() + deadline.toNanos();
    FailoverWatch.Before before = FailoverWatch.before(rest, kind());
    PatroniMember leader = before.leader();
    List<PatroniMember> replicas =
        FailoverWatch.members(rest, kind()).stream()
            .filter(m -> !m.name().equals(leader.name()) && m.isRunning())
            .toList();
    events.accept(
        FailoverEvent.now(
            EventName.ASKED,
            "restart "
                + String.join(", ", replicas.stream().map(PatroniMember::name).toList())
                + ", switch over to "
                + before.candidate().name()
                + ", restart "
                + leader.name()));
    for (PatroniMember replica : replicas) {
      restartAndAwaitStreaming(replica, deadlineNanos, events);
    }
    PatroniMember candidate = FailoverWatch.candidate(rest.members(), null, kind());
    PendingAnswer answer =
        PendingAnswer.ofHttp(
            rest.switchoverAsync(leader, candidate.name(), deadline), events, "Patroni switchover");
    FailoverWatch.Change change =
        FailoverWatch.followCall(
            rest,
            answer,
            leader.name(),
            leader.timeline(),
            deadlineNanos,
            events,
            "switchover " + leader.name() + " -> " + candidate.name());
    PatroniMember oldPrimary =
        awaitStreaming(leader.name(), change.leader(), deadlineNanos).orElseThrow();
    restartAndAwaitStreaming(oldPrimary, deadlineNanos, events);
  }

  private void restartAndAwaitStreaming(
      PatroniMember member, long deadlineNanos, Consumer<FailoverEvent> events) throws Exception {
    String startedBefore = rest.postmasterStartTime(member);
    while (true) {
      long timeoutNanos = Math.max(1, deadlineNanos - System.nanoTime());
      try {
        rest.restart(member, Duration.ofNanos(timeoutNanos));
        break;
      } catch (IOException e) {
        // 503 "demote already in progress": a demoted primary finishing its switchover refuses
        // a restart for a moment (seen on the lab); anything else, or the deadline, ends it
        boolean busy = e.getMessage() != null && e.getMessage().contains("HTTP 503");
        if (!busy || System.nanoTime() - deadlineNanos >= 0) {
          events.accept(FailoverEvent.answer(Outcome.FAILED, e.getMessage()));
          throw e;
        }
        FailoverWatch.sleep(RETRY_MS);
      }
    }
    events.accept(
        FailoverEvent.now(
            EventName.MEMBER_RESTARTED,
            member.name()
                + " (postmaster started "
                + rest.postmasterStartTime(member)
                + ", was "
                + startedBefore
                + ")"));
    PatroniMember leader =
        FailoverWatch.readLeader(rest)
            .orElseThrow(() -> new TimeoutException(kind() + ": no running leader"));
    awaitStreaming(member.name(), leader, deadlineNanos);
    events.accept(
        FailoverEvent.now(
            EventName.MEMBER_STREAMING, member.name() + " streams from " + leader.name()));
  }

  /** Waits until {@code name} streams from {@code leader}; returns it as /cluster shows it then. */
  private java.util.Optional<PatroniMember> awaitStreaming(
      String name, PatroniMember leader, long deadlineNanos) throws Exception {
    while (System.nanoTime() - deadlineNanos < 0) {
      try {
        if (rest.streamingReplicas(leader).contains(name)) {
          return rest.members().stream().filter(m -> m.name().equals(name)).findFirst();
        }
      } catch (IOException e) {
        // a member restarting on purpose; the next poll tells
      }
      FailoverWatch.sleep(FailoverWatch.POLL_MS);
    }
    throw new TimeoutException(kind() + ": " + name + " does not stream from " + leader.name());
  }
}
