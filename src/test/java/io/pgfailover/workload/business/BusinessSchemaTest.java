package io.pgfailover.workload.business;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgfailover.workload.WorkloadTestSupport;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class BusinessSchemaTest {

  @Test
  void seedsTheConfiguredRowCountsOnceThenSkipsThenReseedsOnOtherSizes() throws Exception {
    DataSource db = WorkloadTestSupport.freshDatabase("business_schema");
    BusinessSettings settings = BusinessSettings.defaults();

    long firstNanos = System.nanoTime();
    assertTrue(BusinessSchema.prepare(db, settings), "first preparation seeds");
    long firstMs = (System.nanoTime() - firstNanos) / 1_000_000;
    assertCounts(db, 10_000, 1_000, 20_000, 20_000);

    long secondNanos = System.nanoTime();
    assertFalse(BusinessSchema.prepare(db, settings), "second preparation skips the seed");
    long secondMs = (System.nanoTime() - secondNanos) / 1_000_000;
    assertCounts(db, 10_000, 1_000, 20_000, 20_000);
    System.out.printf(
        "business seed at default sizes: first prepare %d ms, second %d ms%n", firstMs, secondMs);
    assertTrue(
        secondMs < firstMs,
        "skipping (" + secondMs + " ms) must be faster than seeding (" + firstMs + " ms)");

    assertTrue(
        BusinessSchema.prepare(db, settings.withRowCounts(500, 50, 700, 300)),
        "other sizes reseed");
    assertCounts(db, 500, 50, 700, 300);
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT min(id), max(id), count(DISTINCT category),"
                    + " bool_and(stock BETWEEN 100 AND 999) FROM business_products")) {
      rs.next();
      assertEquals(1, rs.getLong(1));
      assertEquals(50, rs.getLong(2));
      assertEquals(BusinessVocabulary.CATEGORIES.size(), rs.getInt(3));
      assertTrue(rs.getBoolean(4));
    }
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM business_orders o"
                    + " JOIN business_products p ON p.id = o.product_id"
                    + " WHERE o.amount <> p.price * o.quantity OR o.user_id NOT BETWEEN 1 AND 500")) {
      rs.next();
      assertEquals(0, rs.getLong(1), "seeded orders are consistent with users and prices");
    }
  }

  @Test
  void twoRacingPreparationsSeedOnce() throws Exception {
    DataSource db = WorkloadTestSupport.freshDatabase("business_race");
    BusinessSettings settings = BusinessSettings.defaults().withRowCounts(2_000, 200, 3_000, 1_000);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      CountDownLatch start = new CountDownLatch(1);
      Callable<Boolean> prepare =
          () -> {
            start.await(10, TimeUnit.SECONDS);
            return BusinessSchema.prepare(db, settings);
          };
      List<Future<Boolean>> results = new ArrayList<>();
      results.add(pool.submit(prepare));
      results.add(pool.submit(prepare));
      start.countDown();
      int seeded = 0;
      for (Future<Boolean> result : results) {
        seeded += result.get(60, TimeUnit.SECONDS) ? 1 : 0;
      }
      assertEquals(1, seeded, "exactly one of two racing preparations seeds");
      assertCounts(db, 2_000, 200, 3_000, 1_000);
    } finally {
      pool.shutdownNow();
    }
  }

  static void assertCounts(DataSource db, long users, long products, long orders, long logs)
      throws SQLException {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT (SELECT count(*) FROM business_users),"
                    + " (SELECT count(*) FROM business_products), (SELECT count(*) FROM business_orders),"
                    + " (SELECT count(*) FROM business_logs)")) {
      rs.next();
      assertEquals(users, rs.getLong(1), "users");
      assertEquals(products, rs.getLong(2), "products");
      assertEquals(orders, rs.getLong(3), "orders");
      assertEquals(logs, rs.getLong(4), "logs");
    }
  }
}
