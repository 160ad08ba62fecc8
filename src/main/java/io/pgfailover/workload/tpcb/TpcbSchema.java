package io.pgfailover.workload.tpcb;

import java.io.IOException;
import java.io.Reader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pgbench tables at a scale factor, laid out as {@code pgbench -i -s N} (PostgreSQL 15) does:
 * the same DDL (columns, fillfactor 100, bigint keys from scale 20000 on), the same rows (N
 * branches, 10 N tellers, 100000 N accounts with zero balances; blank account filler, null branch
 * and teller filler as pgbench 15's INSERTs leave it; empty history), client-side generation with
 * {@code COPY ... (FREEZE ON)} in the transaction that truncates, then {@code VACUUM ANALYZE} and
 * the primary keys. pgbench itself then runs on it.
 *
 * <p>{@link #prepare} does nothing when a compatible data set is there (tables, keys, row counts of
 * this scale): balances changed by earlier runs are kept, as pgbench keeps them.
 */
public final class TpcbSchema {
  private static final Logger LOG = LoggerFactory.getLogger(TpcbSchema.class);
  static final int BRANCHES = 1;
  static final int TELLERS = 10;
  static final int ACCOUNTS = 100_000;

  /** pgbench's SCALE_32BIT_THRESHOLD: from this scale on, account ids are bigint. */
  static final int SCALE_32BIT_THRESHOLD = 20_000;

  static final List<String> TABLES =
      List.of("pgbench_history", "pgbench_tellers", "pgbench_accounts", "pgbench_branches");

  private TpcbSchema() {}

  /** Creates and loads the tables unless a compatible set is there; true if it loaded. */
  public static boolean prepare(DataSource dataSource, int scale) throws SQLException {
    try (Connection c = dataSource.getConnection()) {
      String mismatch = mismatch(c, scale);
      if (mismatch == null) {
        return false;
      }
      LOG.info(
          "pgbench tables at scale {}: {}; initializing them as pgbench -i -s {} does",
          scale,
          mismatch,
          scale);
      initialize(c, scale);
      return true;
    }
  }

  /** Why the database does not hold a pgbench data set of {@code scale}, or null if it does. */
  static String mismatch(Connection c, int scale) throws SQLException {
    for (String table : List.of("pgbench_branches", "pgbench_tellers", "pgbench_accounts")) {
      if (!hasPrimaryKey(c, table)) {
        return table + " is missing or has no primary key";
      }
    }
    if (!exists(c, "pgbench_history")) {
      return "pgbench_history is missing";
    }
    long branches = single(c, "SELECT count(*) FROM pgbench_branches");
    long tellers = single(c, "SELECT count(*) FROM pgbench_tellers");
    // the primary key answers min and max without reading the table
    long minAid = single(c, "SELECT coalesce(min(aid), 0) FROM pgbench_accounts");
    long maxAid = single(c, "SELECT coalesce(max(aid), 0) FROM pgbench_accounts");
    if (branches != (long) BRANCHES * scale
        || tellers != (long) TELLERS * scale
        || minAid != 1
        || maxAid != (long) ACCOUNTS * scale) {
      return "found "
          + branches
          + " branches, "
          + tellers
          + " tellers, accounts "
          + minAid
          + ".."
          + maxAid;
    }
    return null;
  }

  static void initialize(Connection c, int scale) throws SQLException {
    boolean big = scale >= SCALE_32BIT_THRESHOLD;
    c.setAutoCommit(true);
    try (Statement s = c.createStatement()) {
      s.execute(
          "drop table if exists pgbench_accounts, pgbench_branches, pgbench_history, "
              + "pgbench_tellers");
      s.execute(
          "create table pgbench_history(tid int,bid int,aid "
              + (big ? "bigint" : "   int")
              + ",delta int,mtime timestamp,filler char(22))");
      s.execute(
          "create table pgbench_tellers(tid int not null,bid int,tbalance int,"
              + "filler char(84)) with (fillfactor=100)");
      s.execute(
          "create table pgbench_accounts(aid "
              + (big ? "bigint" : "   int")
              + " not null,bid int,abalance int,filler char(84)) with (fillfactor=100)");
      s.execute(
          "create table pgbench_branches(bid int not null,bbalance int,filler char(88)) "
              + "with (fillfactor=100)");
      c.setAutoCommit(false);
      // FREEZE needs the truncate in the same transaction: rows are loaded frozen, no later rewrite
      s.execute(
          "truncate table pgbench_accounts, pgbench_branches, pgbench_history, "
              + "pgbench_tellers");
      CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
      copy(
          copy,
          "pgbench_branches",
          (long) BRANCHES * scale,
          (row, out) -> out.append(row + 1).append("\t0\t\\N\n"));
      copy(
          copy,
          "pgbench_tellers",
          (long) TELLERS * scale,
          (row, out) ->
              out.append(row + 1).append('\t').append(row / TELLERS + 1).append("\t0\t\\N\n"));
      copy(
          copy,
          "pgbench_accounts",
          (long) ACCOUNTS * scale,
          (row, out) ->
              out.append(row + 1).append('\t').append(row / ACCOUNTS + 1).append("\t0\t\n"));
      c.commit();
      c.setAutoCommit(true);
      for (String table :
          List.of("pgbench_branches", "pgbench_tellers", "pgbench_accounts", "pgbench_history")) {
        s.execute("vacuum analyze " + table);
      }
      s.execute("alter table pgbench_branches add primary key (bid)");
      s.execute("alter table pgbench_tellers add primary key (tid)");
      s.execute("alter table pgbench_accounts add primary key (aid)");
    } catch (SQLException | RuntimeException e) {
      if (!c.getAutoCommit()) {
        c.rollback();
        c.setAutoCommit(true);
      }
      throw e;
    }
  }

  private interface RowWriter {
    void write(long row, StringBuilder out);
  }

  private static void copy(CopyManager copy, String table, long rows, RowWriter writer)
      throws SQLException {
    try {
      copy.copyIn("copy " + table + " from stdin with (freeze on)", new RowsReader(rows, writer));
    } catch (IOException e) {
      throw new SQLException("COPY into " + table + " failed: " + e.getMessage(), e);
    }
  }

  /** Generates COPY text rows on demand, so a large scale never sits in memory. */
  private static final class RowsReader extends Reader {
    private final long rows;
    private final RowWriter writer;
    private final StringBuilder chunk = new StringBuilder(1 << 16);
    private long next;
    private int offset;

    RowsReader(long rows, RowWriter writer) {
      this.rows = rows;
      this.writer = writer;
    }

    @Override
    public int read(char[] buffer, int off, int len) {
      if (offset == chunk.length()) {
        if (next == rows) {
          return -1;
        }
        chunk.setLength(0);
        offset = 0;
        while (next < rows && chunk.length() < (1 << 16) - 64) {
          writer.write(next++, chunk);
        }
      }
      int n = Math.min(len, chunk.length() - offset);
      chunk.getChars(offset, offset + n, buffer, off);
      offset += n;
      return n;
    }

    @Override
    public void close() {}
  }

  private static boolean exists(Connection c, String table) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT 1 FROM pg_class WHERE oid = to_regclass(?) AND relkind IN ('r', 'p')")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static boolean hasPrimaryKey(Connection c, String table) throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass(?) AND contype = 'p'")) {
      ps.setString(1, table);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next();
      }
    }
  }

  private static long single(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
