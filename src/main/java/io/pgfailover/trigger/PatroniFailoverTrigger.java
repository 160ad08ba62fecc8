package io.pgfailover.trigger;

import io.pgfailover.config.TriggerKind;
import io.pgfailover.patroni.PatroniCluster;
import io.pgfailover.patroni.PatroniMember;
import io.pgfailover.patroni.PatroniRest;
import io.pgfailover.record.EventName;
import io.pgfailover.record.FailoverEvent;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Patroni's manual failover ({@code POST /failover}) to a candidate replica. Unlike a switchover it
 * needs no healthy leader, so it also works on a cluster whose primary is already gone. The call
 * goes to the candidate's own REST API; events are those of {@link PatroniSwitchoverTrigger}.
 */
public final class PatroniFailoverTrigger implements Trigger {
  private final PatroniRest rest;
  private final @Nullable String candidate;

  /**
   * @param candidate the member to promote, or null for the healthiest replica (least lag)
   */
  public PatroniFailoverTrigger(PatroniCluster cluster, @Nullable String candidate) {
    this.rest = new PatroniRest(cluster.restUrls(), Duration.ofSeconds(2));
    this.candidate = candidate;
  }

  @Override
  public String kind() {
    return TriggerKind.PATRONI_FAILOVER.label();
  }

  @Override
  public void preflight() {
    FailoverWatch.candidate(FailoverWatch.members(rest, kind()), candidate, kind());
  }

  @Override
  public void fire(Consumer<FailoverEvent> events, Duration deadline) throws Exception {
    long deadlineNanos = System.nanoTime() + deadline.toNanos();
    List<PatroniMember> members = FailoverWatch.members(rest, kind());
    PatroniMember to = FailoverWatch.candidate(members, candidate, kind());
    Optional<PatroniMember> leader = FailoverWatch.runningLeader(members);
    // Without a leader, "changed" means any running leader: none runs now.
    String from = leader.map(PatroniMember::name).orElse("");
    int oldTimeline =
        leader
            .map(PatroniMember::timeline)
            .orElse(members.stream().mapToInt(PatroniMember::timeline).max().orElse(0));
    events.accept(
        FailoverEvent.now(
            EventName.ASKED,
            "failover " + (from.isEmpty() ? "(no leader)" : from) + " -> " + to.name()));
    PendingAnswer answer =
        PendingAnswer.ofHttp(rest.failoverAsync(to, deadline), events, "Patroni failover");
    FailoverWatch.followCall(
        rest, answer, from, oldTimeline, deadlineNanos, events, "failover to " + to.name());
  }
}
