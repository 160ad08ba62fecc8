package io.pgfailover.trigger;

import io.pgfailover.config.SettingsException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * A crash of the primary's node: SIGKILL to its Patroni and its postmaster (and their children),
 * so nobody releases the leader key and Patroni fails over only when the key's ttl expires. Needs
 * the members' processes on this machine ({@link PatroniCluster#processes()}), as in the lab.
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
    return "kill-primary";
  }

  @Override
  public void preflight() {
    check();
  }

  /** The cluster before the kill; throws {@link SettingsException} when the kill cannot work. */
  private FailoverWatch.Before check() {
    if (processes == null) {
      throw new SettingsException("failover.trigger", "Trigger kill-primary needs to signal the"
          + " primary's processes on this machine, which only works against the local lab. For a"
          + " remote cluster use patroni-switchover, or a command trigger that kills the node.");
    }
    FailoverWatch.Before before = FailoverWatch.before(rest, kind());
    if (processes.processIds(before.leader().name()).isEmpty()) {
      throw new SettingsException("failover.trigger", "Trigger kill-primary found no local"
          + " process for the primary " + before.leader().name() + "; is the lab running?");
    }
    return before;
  }

  @Override
  public void fire(Consumer<FailoverEvent> events, Duration deadline) throws Exception {
    long deadlineNanos = System.nanoTime() + deadline.toNanos();
    FailoverWatch.Before before = check();
    String victim = before.leader().name();
    List<Long> roots = processes.processIds(victim);
    // Snapshot the children first: once a parent dies they are re-parented and out of sight.
    List<ProcessHandle> targets = new ArrayList<>();
    for (long pid : roots) {
      ProcessHandle.of(pid).ifPresent(root -> {
        targets.add(root);
        root.descendants().forEach(targets::add);
      });
    }
    events.accept(FailoverEvent.now("asked", "SIGKILL " + victim + " (Patroni, postmaster: "
        + roots.stream().map(String::valueOf).collect(Collectors.joining(", ")) + ")"));
    int killed = 0;
    for (ProcessHandle target : targets) {
      if (target.destroyForcibly()) {
        killed++;
      }
    }
    events.accept(FailoverEvent.now("returned", "sent SIGKILL to " + killed + " of "
        + targets.size() + " processes of " + victim));
    PatroniMember newLeader;
    try {
      newLeader = FailoverWatch.awaitNewLeader(rest, victim, deadlineNanos, () -> {});
    } catch (TimeoutException e) {
      throw new TimeoutException("kill-primary " + victim + ": " + e.getMessage());
    }
    events.accept(FailoverEvent.now("new-primary-seen", victim + " -> " + newLeader.name()));
    FailoverWatch.awaitTimeline(
        rest, newLeader.name(), before.leader().timeline(), deadlineNanos, events);
  }
}
