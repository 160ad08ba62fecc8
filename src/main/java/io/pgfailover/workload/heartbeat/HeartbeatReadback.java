package io.pgfailover.workload.heartbeat;

import io.pgfailover.record.HeartbeatFile;
import io.pgfailover.record.HeartbeatRow;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a run's heartbeat rows back from the final primary after the run, for {@link
 * HeartbeatFile}; the downtime analysis joins them with the request records.
 */
public final class HeartbeatReadback {
  private static final String SELECT =
      """
      SELECT endpoint, seq, (extract(epoch FROM server_ts) * 1000000)::bigint
      FROM failover_heartbeat WHERE run_id = ? ORDER BY endpoint, seq""";

  private HeartbeatReadback() {}

  /** Every row of {@code runId}, ordered by endpoint then seq. */
  public static List<HeartbeatRow> fetchRows(Connection connection, String runId)
      throws SQLException {
    List<HeartbeatRow> rows = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement(SELECT)) {
      ps.setString(1, runId);
      ps.setFetchSize(10_000); // streams only outside autocommit; harmless otherwise
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(new HeartbeatRow(rs.getString(1), rs.getLong(2), rs.getLong(3)));
        }
      }
    }
    return rows;
  }
}
