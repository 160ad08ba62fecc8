package io.pgfailover.workload.heartbeat;

import io.pgfailover.record.OperationKind;
import io.pgfailover.workload.Params;
import io.pgfailover.workload.SqlOperation;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The path probe of a reader endpoint: a reader has no heartbeat to write, so its probe is a read
 * that a server has to answer. It shares the heartbeat's workload name, so the analysis finds every
 * endpoint's probe records the same way; its detail is -1, so the lost-write check ignores it.
 * Stateless and thread-safe.
 */
public final class ReadProbeOperation implements SqlOperation {
  public static final ReadProbeOperation INSTANCE = new ReadProbeOperation();
  public static final String NAME = "read-probe";

  private ReadProbeOperation() {}

  @Override
  public String workload() {
    return HeartbeatOperation.WORKLOAD;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public OperationKind kind() {
    return OperationKind.READ;
  }

  @Override
  public long execute(Connection connection, Params params) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT 1")) {
      rs.next();
    }
    return -1;
  }

  @Override
  public String toString() {
    return "read-probe";
  }
}
