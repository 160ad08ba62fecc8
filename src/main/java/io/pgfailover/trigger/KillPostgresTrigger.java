package io.pgfailover.trigger;

import io.pgfailover.config.SettingsException;
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
import java.util.OptionalLong;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A crash of PostgreSQL alone: SIGKILL to the primary's postmaster, its Patroni left running.
 * Patroni still holds the leader key, so it normally restarts PostgreSQL in place (crash recovery,
 * then a promotion to a new timeline), but it may also fail over. The trigger records which: {@code
 * primary-restarted} (same leader, new timeline or new postmaster) or {@code new-primary-seen}
 * (another leader). Needs the members' processes on this machine, as in the lab.
 */
public final class KillPostgresTrigger implements Trigger {
  private final PatroniRest rest;
  private final PatroniCluster.MemberProcesses processes;

  public KillPostgresTrigger(PatroniCluster cluster) {
    this.rest = new PatroniRest(cluster.restUrls(), Duration.ofSeconds(1));
    this.processes = cluster.processes();
  }

  @Override
  public String kind() {
    return TriggerKind.KILL_POSTGRES.label();
  }

  @Override
  public void preflight() {
    FailoverWatch.Before before = LocalMembers.check(rest, processes, kind());
    postmaster(before.leader().name());
  }

  private long postmaster(String member) {
    OptionalLong pid = processes.postmasterPid(member);
    if (pid.isEmpty()) {
      throw new SettingsException(
          FailoverWatch.SETTING,
          "Trigger kill-postgres found no local"
              + " postmaster for the primary "
              + member
              + "; is the lab running?");
    }
    return pid.getAsLong();
  }

  @Override
  public void fire(Consumer<FailoverEvent> events, Duration deadline) throws Exception {
    long deadlineNanos = System.nanoTime() + deadline.toNanos();
    FailoverWatch.Before before = LocalMembers.check(rest, processes, kind());
    PatroniMember leader = before.leader();
    String victim = leader.name();
    long postmaster = postmaster(victim);
    String startedBefore = startTime(leader);
    events.accept(
        FailoverEvent.now(
            EventName.ASKED,
            "SIGKILL the postmaster of "
                + victim
                + " (pid "
                + postmaster
                + "), Patroni left running"));
    int killed = LocalSignals.kill(List.of(postmaster));
    events.accept(
        FailoverEvent.answer(
            Outcome.OK,
            killed == 1
                ? "sent SIGKILL to postmaster " + postmaster
                : "postmaster " + postmaster + " was gone"));
    // Back in place: running as leader on a new timeline, or with a new postmaster start time.
    Predicate<PatroniMember> restarted =
        m -> m.isRunning() && (m.timeline() > leader.timeline() || isRestarted(m, startedBefore));
    FailoverWatch.Change change;
    try {
      change = FailoverWatch.awaitChange(rest, victim, restarted, deadlineNanos, () -> {});
    } catch (TimeoutException e) {
      throw new TimeoutException("kill-postgres " + victim + ": " + e.getMessage());
    }
    FailoverWatch.record(rest, change, victim, leader.timeline(), deadlineNanos, events, null);
  }

  private boolean isRestarted(PatroniMember member, String startedBefore) {
    String now = startTime(member);
    return !now.isEmpty() && !startedBefore.isEmpty() && !now.equals(startedBefore);
  }

  private String startTime(PatroniMember member) {
    try {
      return rest.postmasterStartTime(member);
    } catch (IOException e) {
      return "";
    }
  }
}
