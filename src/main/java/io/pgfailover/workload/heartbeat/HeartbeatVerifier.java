package io.pgfailover.workload.heartbeat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a run's heartbeat rows back from the final primary after the run, and writes and reads them
 * as {@value #FILE_NAME}: one line per row, no header, {@code endpoint\tseq\tserverEpochMicros},
 * ordered by endpoint then seq. The downtime analysis joins these rows with the request records.
 */
public final class HeartbeatVerifier {
  public static final String FILE_NAME = "heartbeat.tsv";

  /** A heartbeat row present on the server; {@code serverEpochMicros} is its clock_timestamp(). */
  public record Row(String endpoint, long seq, long serverEpochMicros) {}

  private static final String SELECT = """
      SELECT endpoint, seq, (extract(epoch FROM server_ts) * 1000000)::bigint
      FROM failover_heartbeat WHERE run_id = ? ORDER BY endpoint, seq""";

  private HeartbeatVerifier() {}

  /** Every row of {@code runId}, ordered by endpoint then seq. */
  public static List<Row> fetchRows(Connection connection, String runId) throws SQLException {
    List<Row> rows = new ArrayList<>();
    try (PreparedStatement ps = connection.prepareStatement(SELECT)) {
      ps.setString(1, runId);
      ps.setFetchSize(10_000); // streams only outside autocommit; harmless otherwise
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(new Row(rs.getString(1), rs.getLong(2), rs.getLong(3)));
        }
      }
    }
    return rows;
  }

  /** Writes {@code rows} to {@code file} (via a temporary file and a move, so never half written). */
  public static void writeTsv(List<Row> rows, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    Files.createDirectories(parent);
    Path tmp = Files.createTempFile(parent, FILE_NAME, ".tmp");
    try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      for (Row row : rows) {
        out.write(row.endpoint());
        out.write('\t');
        out.write(Long.toString(row.seq()));
        out.write('\t');
        out.write(Long.toString(row.serverEpochMicros()));
        out.write('\n');
      }
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** Reads a file written by {@link #writeTsv}. */
  public static List<Row> readTsv(Path file) throws IOException {
    List<Row> rows = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isEmpty()) {
        continue;
      }
      String[] fields = line.split("\t", -1);
      if (fields.length != 3) {
        throw new IOException(file + ": expected 3 tab-separated fields, got: " + line);
      }
      try {
        rows.add(new Row(fields[0], Long.parseLong(fields[1]), Long.parseLong(fields[2])));
      } catch (NumberFormatException e) {
        throw new IOException(file + ": bad number in line: " + line, e);
      }
    }
    return rows;
  }
}
