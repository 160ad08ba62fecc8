package io.pgfailover.workload.heartbeat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * The heartbeat table: one row per acknowledged heartbeat, keyed by run, endpoint and sequence
 * number, stamped by the server's {@code clock_timestamp()} (the commit's own time, not the
 * transaction start). Rows of earlier runs are kept (they differ by {@code run_id}); purge them
 * with {@link #purgeOlderThan}.
 */
public final class HeartbeatSchema {
  public static final String TABLE = "failover_heartbeat";

  /** Advisory lock key of the heartbeat preparation ("pgfb" + 2). */
  static final long LOCK_KEY = 0x7067_6662_0000_0002L;

  static final String DDL =
      """
      CREATE TABLE IF NOT EXISTS failover_heartbeat (
        run_id text NOT NULL,
        endpoint text NOT NULL,
        seq bigint NOT NULL,
        client_micros bigint NOT NULL,
        server_ts timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (run_id, endpoint, seq))""";

  private HeartbeatSchema() {}

  public static void prepare(DataSource dataSource) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      prepare(connection);
    }
  }

  /**
   * Creates the table if missing, under an advisory lock so that concurrent preparations do not
   * collide on the catalog. Leaves autocommit as it found it.
   */
  public static void prepare(Connection connection) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET LOCAL lock_timeout = '60s'");
      statement.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
      statement.execute(DDL);
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      try {
        connection.rollback();
      } catch (SQLException rollbackFailure) {
        e.addSuppressed(rollbackFailure);
      }
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
  }

  /** Deletes the rows (of any run) older than {@code age}, by server time; returns how many. */
  public static int purgeOlderThan(Connection connection, Duration age) throws SQLException {
    String sql =
        "DELETE FROM failover_heartbeat"
            + " WHERE server_ts < clock_timestamp() - make_interval(secs => ?)";
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      ps.setDouble(1, age.toNanos() / 1e9);
      return ps.executeUpdate();
    }
  }
}
