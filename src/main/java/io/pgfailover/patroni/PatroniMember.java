package io.pgfailover.patroni;

import java.net.URI;

/**
 * One member as Patroni's {@code GET /cluster} shows it.
 *
 * @param role "leader", "replica", "sync_standby" or "standby_leader"
 * @param state "running", "starting", "stopped", "crashed", ... ("streaming" in newer Patroni)
 * @param timeline the member's timeline, 0 when Patroni does not report it
 * @param lagBytes replication lag in bytes behind the leader, -1 when unknown or for the leader
 * @param apiBase the member's REST API base URL, without {@code /patroni}
 * @param noFailover whether the member is tagged {@code nofailover}
 */
public record PatroniMember(
    String name,
    String role,
    String state,
    String host,
    int port,
    int timeline,
    long lagBytes,
    URI apiBase,
    boolean noFailover) {

  public boolean isLeader() {
    return "leader".equals(role) || "standby_leader".equals(role);
  }

  public boolean isRunning() {
    return "running".equals(state) || "streaming".equals(state);
  }

  /** A running replica that Patroni may promote. */
  public boolean isPromotableReplica() {
    return !isLeader() && isRunning() && !noFailover;
  }
}
