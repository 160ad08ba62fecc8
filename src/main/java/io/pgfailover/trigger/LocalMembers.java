package io.pgfailover.trigger;

import io.pgfailover.config.SettingsException;
import io.pgfailover.patroni.PatroniCluster;
import io.pgfailover.patroni.PatroniRest;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The pre-flight shared by the triggers that signal the primary's processes on this machine. */
final class LocalMembers {
  private LocalMembers() {}

  /**
   * The cluster before the fault, checked: a running leader with local processes and a replica
   * Patroni may promote. Throws {@link SettingsException} naming what is wrong.
   */
  static FailoverWatch.Before check(
      PatroniRest rest, PatroniCluster.@Nullable MemberProcesses processes, String kind) {
    if (processes == null) {
      throw new SettingsException(
          FailoverWatch.SETTING,
          "Trigger "
              + kind
              + " needs to signal"
              + " the primary's processes on this machine, which only works against the local lab."
              + " For a remote cluster use patroni-switchover or patroni-failover, or a command"
              + " trigger that does the same to the node.");
    }
    FailoverWatch.Before before = FailoverWatch.before(rest, kind);
    List<Long> pids = processes.processIds(before.leader().name());
    if (pids.isEmpty()) {
      throw new SettingsException(
          FailoverWatch.SETTING,
          "Trigger "
              + kind
              + " found no local"
              + " process for the primary "
              + before.leader().name()
              + "; is the lab running?");
    }
    return before;
  }

  static String pids(List<Long> pids) {
    return pids.stream().map(String::valueOf).reduce((a, b) -> a + ", " + b).orElse("none");
  }
}
