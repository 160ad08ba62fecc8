package io.pgfailover.workload.tpcb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgfailover.testsupport.ScratchPostgres;
import io.pgfailover.workload.WorkloadTestSupport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Our pgbench data set against the one {@code pgbench -i -s 1} makes, on a real PostgreSQL 15. */
class TpcbSchemaTest {
  static final String PGBENCH = "/usr/lib/postgresql/15/bin/pgbench";

  @Test
  void sameLayoutAsPgbenchInitAndPgbenchRunsOnIt() throws Exception {
    DataSource theirs = WorkloadTestSupport.freshDatabase("pgbench_init");
    DataSource ours = WorkloadTestSupport.freshDatabase("tpcb_init");
    String theirDb = database(theirs);
    pgbench(List.of("-i", "-s", "1", "-q", theirDb));

    assertTrue(TpcbSchema.prepare(ours, 1), "the first prepare loads the data");
    assertFalse(TpcbSchema.prepare(ours, 1), "a compatible data set is kept");

    try (Connection t = theirs.getConnection();
        Connection o = ours.getConnection()) {
      assertEquals(describe(t), describe(o));
      assertEquals(100_000, count(o, "SELECT count(*) FROM pgbench_accounts"));
    }
    pgbench(List.of("-n", "-t", "10", "-c", "2", "-M", "prepared", database(ours)));
    try (Connection o = ours.getConnection()) {
      assertEquals(20, count(o, "SELECT count(*) FROM pgbench_history"));
    }
    assertFalse(TpcbSchema.prepare(ours, 1), "balances changed by pgbench are kept");
    assertTrue(TpcbSchema.prepare(ours, 2), "another scale is loaded again");
    try (Connection o = ours.getConnection()) {
      assertEquals(200_000, count(o, "SELECT count(*) FROM pgbench_accounts"));
      assertEquals(0, count(o, "SELECT count(*) FROM pgbench_history"));
    }
  }

  /** Columns, types, not-null, storage options, constraints, indexes and content summaries. */
  static String describe(Connection c) throws SQLException {
    List<String> lines = new ArrayList<>();
    query(
        c,
        lines,
        """
        SELECT c.relname, a.attnum, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
               a.atthasdef
        FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
        WHERE c.relname LIKE 'pgbench%' AND c.relkind = 'r' AND a.attnum > 0
        ORDER BY 1, 2""");
    query(
        c,
        lines,
        """
        SELECT relname, relkind, coalesce(array_to_string(reloptions, ','), '-'), relpersistence
        FROM pg_class WHERE relname LIKE 'pgbench%' ORDER BY 1""");
    query(
        c,
        lines,
        """
        SELECT conname, conrelid::regclass, contype, pg_get_constraintdef(oid)
        FROM pg_constraint WHERE conrelid::regclass::text LIKE 'pgbench%' ORDER BY 1""");
    query(c, lines, "SELECT indexdef FROM pg_indexes WHERE tablename LIKE 'pgbench%' ORDER BY 1");
    query(
        c,
        lines,
        """
        SELECT 'accounts', count(*), sum(bid), sum(abalance), count(filler), max(length(filler)),
               max(octet_length(filler)) FROM pgbench_accounts""");
    query(
        c,
        lines,
        """
        SELECT 'tellers', count(*), sum(bid), sum(tbalance), count(filler) FROM pgbench_tellers""");
    query(
        c,
        lines,
        """
        SELECT 'branches', count(*), sum(bbalance), count(filler) FROM pgbench_branches""");
    query(c, lines, "SELECT 'history', count(*) FROM pgbench_history");
    return String.join("\n", lines);
  }

  private static void query(Connection c, List<String> lines, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder line = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          line.append(i > 1 ? " | " : "").append(rs.getString(i));
        }
        lines.add(line.toString());
      }
    }
  }

  static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  static String database(DataSource source) throws SQLException {
    try (Connection c = source.getConnection()) {
      return c.getCatalog();
    }
  }

  static void pgbench(List<String> args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(
            List.of(
                PGBENCH,
                "-h",
                "127.0.0.1",
                "-p",
                Integer.toString(ScratchPostgres.get().port()),
                "-U",
                ScratchPostgres.USER));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().put("PGPASSWORD", ScratchPostgres.PASSWORD);
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "pgbench did not finish");
    assertEquals(
        0,
        p.exitValue(),
        "pgbench " + args + " failed:\n" + new String(out, StandardCharsets.UTF_8));
  }
}
