package io.pgfailover.lab;

import io.pgfailover.patroni.PatroniCluster;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Where the lab's members run on this machine: Patroni from its pid file, the postmaster from its
 * data directory's {@code postmaster.pid}. Read afresh on every call, since a failover restarts
 * postmasters.
 */
final class LabMemberProcesses implements PatroniCluster.MemberProcesses {
  private final LabSettings settings;
  private final LabLayout layout;
  private final List<LabProcess> patroni;
  private final LabNetwork network;

  /**
   * @param patroni the nodes' Patroni processes, node 1 first
   * @param network whose cgroups hold each node's processes
   */
  LabMemberProcesses(
      LabSettings settings, LabLayout layout, List<LabProcess> patroni, LabNetwork network) {
    this.settings = settings;
    this.layout = layout;
    this.patroni = patroni;
    this.network = network;
  }

  @Override
  public OptionalInt killAllAtOnce(String memberName) {
    return network.killNode(memberName);
  }

  @Override
  public OptionalLong patroniPid(String memberName) {
    int i = nodeIndex(memberName);
    return i < 0 ? OptionalLong.empty() : patroni.get(i).pid();
  }

  @Override
  public OptionalLong postmasterPid(String memberName) {
    if (nodeIndex(memberName) < 0) {
      return OptionalLong.empty();
    }
    long pid = LabSignals.postmasterPid(layout.dataDir(memberName));
    return pid > 0 ? OptionalLong.of(pid) : OptionalLong.empty();
  }

  /** Zero-based index of the node called {@code memberName}, -1 for a stranger. */
  private int nodeIndex(String memberName) {
    for (int i = 1; i <= settings.nodeCount(); i++) {
      if (settings.nodeName(i).equals(memberName)) {
        return i - 1;
      }
    }
    return -1;
  }
}
