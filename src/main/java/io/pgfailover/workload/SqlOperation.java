package io.pgfailover.workload;

/**
 * One JDBC operation of a workload, run by the custom Gatling action on a connection borrowed from
 * the endpoint's pool (autocommit on when handed over).
 */
public interface SqlOperation {
  String workload(); // "business", "heartbeat"

  String name(); // e.g. "list_users"; unique within the workload

  io.pgfailover.record.OperationKind kind();

  /**
   * Runs the operation with {@code params} (what the feeders put in the user's session). Returns
   * the record's detail (heartbeat sequence) or -1. A TRANSACTION operation sets autocommit off,
   * commits at the end, and throws on any failure (the action rolls back and closes, ignoring
   * errors from those).
   */
  long execute(java.sql.Connection connection, Params params) throws java.sql.SQLException;
}
