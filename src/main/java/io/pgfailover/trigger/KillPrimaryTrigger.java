package io.pgfailover.trigger;

import io.pgfailover.config.TriggerKind;
import io.pgfailover.patroni.PatroniCluster;
import io.pgfailover.patroni.PatroniRest;
import io.pgfailover.record.EventName;
import io.pgfailover.record.FailoverEvent;
import io.pgfailover.record.Outcome;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A crash of the primary's node: SIGKILL to its Patroni and its postmaster (and their children), so
 * nobody releases the leader key and Patroni fails over only when the key's ttl expires. Needs the
 * members' processes on this machine ({@link PatroniCluster#processes()}), as in the lab. On the
 * lab as root every process of the node dies in one step (its cgroup's {@code cgroup.kill});
 * elsewhere one {@code kill(1)} signals the process tree taken just before.
 */
public final class KillPrimaryTrigger implements Trigger {
  private final PatroniRest rest;
  private final PatroniCluster.MemberProcesses processes;

  public KillPrimaryTrigger(PatroniCluster cluster) {
    this.rest = new PatroniRest(cluster.restUrls(), Duration.ofSeconds(1));
    this.processes = cluster.processes();
  }

  @Override
  public String kind() {
    return TriggerKind.KILL_PRIMARY.label();
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
    List<Long> targets = LocalSignals.tree(roots);
    events.accept(
        FailoverEvent.now(
            EventName.ASKED,
            "SIGKILL " + victim + " (Patroni, postmaster: " + LocalMembers.pids(roots) + ")"));
    OptionalInt atOnce = processes.killAllAtOnce(victim);
    String sent;
    if (atOnce.isPresent()) {
      sent = "sent SIGKILL to all " + atOnce.getAsInt() + " processes of " + victim + " at once";
    } else {
      int killed = LocalSignals.kill(targets);
      sent = "sent SIGKILL to " + killed + " of " + targets.size() + " processes of " + victim;
    }
    events.accept(FailoverEvent.answer(Outcome.OK, sent));
    FailoverWatch.Change change;
    try {
      change = FailoverWatch.awaitChange(rest, victim, null, deadlineNanos, () -> {});
    } catch (TimeoutException e) {
      throw new TimeoutException("kill-primary " + victim + ": " + e.getMessage());
    }
    FailoverWatch.record(
        rest, change, victim, before.leader().timeline(), deadlineNanos, events, null);
  }
}
