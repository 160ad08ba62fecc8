package io.pgfailover.workload.tpcb;

import static io.pgfailover.workload.tpcb.TpcbSchemaTest.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgfailover.workload.SqlOperation;
import io.pgfailover.workload.WorkloadTestSupport;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Each built-in mode on a real PostgreSQL: balances move exactly by the deltas in history. */
class TpcbModesTest {
  private static final int CLIENTS = 4;
  private static final int PER_CLIENT = 150;

  @Test
  void tpcbLikeMovesAccountsTellersAndBranchesByTheHistoryDeltas() throws Exception {
    DataSource db = run("tpcb-like");
    try (Connection c = db.getConnection()) {
      assertEquals(CLIENTS * PER_CLIENT, count(c, "SELECT count(*) FROM pgbench_history"));
      long deltas = count(c, "SELECT sum(delta) FROM pgbench_history");
      assertEquals(deltas, count(c, "SELECT sum(abalance) FROM pgbench_accounts"));
      assertEquals(deltas, count(c, "SELECT sum(tbalance) FROM pgbench_tellers"));
      assertEquals(deltas, count(c, "SELECT sum(bbalance) FROM pgbench_branches"));
      assertEquals(0, mismatchedRows(c, "pgbench_accounts", "aid", "abalance"));
      assertEquals(0, mismatchedRows(c, "pgbench_tellers", "tid", "tbalance"));
      assertEquals(0, mismatchedRows(c, "pgbench_branches", "bid", "bbalance"));
      assertTrue(
          count(c, "SELECT count(DISTINCT bid) FROM pgbench_history") == 2,
          "both branches of scale 2 are drawn");
    }
  }

  @Test
  void simpleUpdateMovesAccountsOnly() throws Exception {
    DataSource db = run("simple-update");
    try (Connection c = db.getConnection()) {
      assertEquals(CLIENTS * PER_CLIENT, count(c, "SELECT count(*) FROM pgbench_history"));
      assertEquals(
          count(c, "SELECT sum(delta) FROM pgbench_history"),
          count(c, "SELECT sum(abalance) FROM pgbench_accounts"));
      assertEquals(0, mismatchedRows(c, "pgbench_accounts", "aid", "abalance"));
      assertEquals(0, count(c, "SELECT count(*) FROM pgbench_tellers WHERE tbalance <> 0"));
      assertEquals(0, count(c, "SELECT count(*) FROM pgbench_branches WHERE bbalance <> 0"));
    }
  }

  @Test
  void selectOnlyChangesNothing() throws Exception {
    DataSource db = run("select-only");
    try (Connection c = db.getConnection()) {
      assertEquals(0, count(c, "SELECT count(*) FROM pgbench_history"));
      assertEquals(0, count(c, "SELECT count(*) FROM pgbench_accounts WHERE abalance <> 0"));
    }
  }

  /** Rows whose balance differs from the sum of their deltas in history. */
  private static long mismatchedRows(Connection c, String table, String key, String balance)
      throws Exception {
    return count(
        c,
        "SELECT count(*) FROM "
            + table
            + " t LEFT JOIN (SELECT "
            + key
            + ", sum(delta) AS d FROM pgbench_history GROUP BY "
            + key
            + ") h USING ("
            + key
            + ") WHERE t."
            + balance
            + " <> coalesce(h.d, 0)");
  }

  /** CLIENTS threads, each with its own connection, run the mode PER_CLIENT times. */
  private static DataSource run(String mode) throws Exception {
    DataSource db = WorkloadTestSupport.freshDatabase("tpcb_" + mode.replace('-', '_'));
    TpcbWorkload workload = new TpcbWorkload(PgbenchScript.builtin(mode), 2);
    workload.prepare(db);
    SqlOperation operation = workload.weightedOperations().get(0).operation();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<Future<?>> clients = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        clients.add(
            pool.submit(
                () -> {
                  Iterator<Map<String, Object>> feeder = workload.feeder();
                  try (Connection c = db.getConnection()) {
                    for (int n = 0; n < PER_CLIENT; n++) {
                      assertEquals(
                          -1, operation.execute(c, WorkloadTestSupport.session(feeder.next())));
                      assertTrue(c.getAutoCommit(), "autocommit is back on after the script");
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : clients) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    return db;
  }
}
