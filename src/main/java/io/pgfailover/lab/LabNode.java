package io.pgfailover.lab;

/**
 * One lab node as seen now: Patroni's view of it plus its local processes.
 *
 * @param role "leader", "replica", ... or "unknown" when Patroni does not list it
 * @param timeline 0 when unknown
 * @param lagBytes replication lag behind the leader, -1 when unknown or for the leader
 * @param patroniPid -1 when Patroni is not running
 * @param postmasterPid from {@code postmaster.pid}, -1 when PostgreSQL is not running
 */
public record LabNode(
    String name,
    String role,
    String state,
    int timeline,
    long lagBytes,
    int postgresPort,
    int restPort,
    long patroniPid,
    long postmasterPid) {

  public boolean isLeader() {
    return "leader".equals(role);
  }
}
