package io.pgfailover.workload.business;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgfailover.record.OperationKind;
import io.pgfailover.workload.Params;
import io.pgfailover.workload.SqlOperation;
import io.pgfailover.workload.WorkloadTestSupport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BusinessOperationsTest {
  private static final int RUNS_PER_OPERATION = 50;
  private static DataSource db;
  private static BusinessWorkload workload;

  @BeforeAll
  static void seed() throws SQLException {
    db = WorkloadTestSupport.freshDatabase("business_ops");
    workload = new BusinessWorkload(BusinessSettings.defaults());
    assertTrue(workload.prepare(db));
  }

  @Test
  void everyOperationRunsAgainstTheSeedWithFedParameters() throws SQLException {
    Iterator<Map<String, Object>> feeder = workload.feeder();
    assertEquals(10, workload.operations().size());
    for (SqlOperation operation : workload.operations()) {
      assertEquals("business", operation.workload());
      long ordersBefore = count("business_orders");
      long logsBefore = count("business_logs");
      try (Connection c = db.getConnection()) {
        for (int i = 0; i < RUNS_PER_OPERATION; i++) {
          assertEquals(
              -1,
              operation.execute(c, WorkloadTestSupport.session(feeder.next())),
              operation.name());
          // only the transaction hands the connection back with autocommit off
          assertEquals(
              operation.kind() != OperationKind.TRANSACTION, c.getAutoCommit(), operation.name());
          c.setAutoCommit(true); // as the pool resets it on return
        }
      }
      long newOrders = count("business_orders") - ordersBefore;
      long newLogs = count("business_logs") - logsBefore;
      switch (operation.name()) {
        case BusinessWorkload.CREATE_ORDER -> assertEquals(RUNS_PER_OPERATION, newOrders);
        case BusinessWorkload.INSERT_LOG -> assertEquals(RUNS_PER_OPERATION, newLogs);
        case BusinessWorkload.ORDER_TRANSACTION -> {
          assertEquals(RUNS_PER_OPERATION, newLogs, "one log row per transaction");
          assertTrue(newOrders > 0 && newOrders <= RUNS_PER_OPERATION, "orders: " + newOrders);
        }
        default -> {
          assertEquals(0, newOrders, operation.name());
          assertEquals(0, newLogs, operation.name());
        }
      }
    }
  }

  @Test
  void fedSearchPrefixesAndCategoriesMatchSeededProducts() throws SQLException {
    Iterator<Map<String, Object>> feeder = workload.feeder();
    try (Connection c = db.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT (SELECT count(*) FROM business_products WHERE lower(name) LIKE ?),"
                    + " (SELECT count(*) FROM business_products WHERE category = ?)")) {
      for (int i = 0; i < 50; i++) {
        Map<String, Object> params = feeder.next();
        ps.setString(
            1, ReadOperations.likePrefix((String) params.get(BusinessFeeder.SEARCH_PREFIX)));
        ps.setString(2, (String) params.get(BusinessFeeder.CATEGORY));
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          assertTrue(rs.getLong(1) > 0, "prefix " + params.get(BusinessFeeder.SEARCH_PREFIX));
          assertTrue(rs.getLong(2) > 0, "category " + params.get(BusinessFeeder.CATEGORY));
        }
      }
    }
  }

  @Test
  void orderTransactionDecrementsStockAndInsertsTheOrderAtomically() throws SQLException {
    long productId = 17;
    long userId = 23;
    setStock(productId, 500);
    long ordersBefore = countWhere("business_orders", "user_id = 23 AND product_id = 17");
    runTransaction(userId, productId, 3);
    assertEquals(497, stock(productId));
    assertEquals(
        ordersBefore + 1,
        countWhere(
            "business_orders",
            "user_id = 23 AND product_id = 17 AND quantity = 3 AND status = 'paid'"));
    assertEquals(
        1,
        countWhere(
            "business_logs",
            "user_id = 23 AND action = 'order_placed' AND detail LIKE '%product 17 x 3'"));
  }

  @Test
  void outOfStockCommitsALogRowAndRestocksWithoutAnOrder() throws SQLException {
    long productId = 18;
    setStock(productId, 2);
    long ordersBefore = countWhere("business_orders", "product_id = 18");
    runTransaction(31, productId, 5);
    assertEquals(2 + BusinessSettings.defaults().restockQuantity(), stock(productId));
    assertEquals(ordersBefore, countWhere("business_orders", "product_id = 18"));
    assertEquals(
        1,
        countWhere(
            "business_logs",
            "user_id = 31 AND action = 'out_of_stock' AND detail LIKE 'product 18:%'"));
  }

  @Test
  void aFailureMidwayRollsBackEverything() throws SQLException {
    long productId = 19;
    long userId = 41;
    setStock(productId, 300);
    // the log insert, the last step, fails for this user: order and stock change must vanish too
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE FUNCTION fail_log() RETURNS trigger LANGUAGE plpgsql AS"
              + " $$BEGIN RAISE EXCEPTION 'injected failure'; END$$");
      s.execute(
          "CREATE TRIGGER fail_log BEFORE INSERT ON business_logs FOR EACH ROW"
              + " WHEN (NEW.user_id = 41) EXECUTE FUNCTION fail_log()");
    }
    long ordersBefore = countWhere("business_orders", "user_id = 41");
    try {
      SQLException failure =
          assertThrows(SQLException.class, () -> runTransaction(userId, productId, 4));
      assertTrue(failure.getMessage().contains("injected failure"), failure.getMessage());
    } finally {
      try (Connection c = db.getConnection();
          Statement s = c.createStatement()) {
        s.execute("DROP TRIGGER fail_log ON business_logs");
        s.execute("DROP FUNCTION fail_log()");
      }
    }
    assertEquals(300, stock(productId));
    assertEquals(ordersBefore, countWhere("business_orders", "user_id = 41"));

    // an unknown product fails at the first step with no_data_found, and leaves nothing either
    long logsBefore = count("business_logs");
    SQLException missing =
        assertThrows(SQLException.class, () -> runTransaction(userId, 9_999_999, 1));
    assertEquals(WriteOperations.NO_DATA_FOUND, missing.getSQLState());
    assertEquals(logsBefore, count("business_logs"));
  }

  @Test
  void writesToMissingRowsFailInsteadOfSucceedingEmpty() throws SQLException {
    Map<String, Object> params = new HashMap<>(workload.feeder().next());
    params.put(BusinessFeeder.PRODUCT_ID, 9_999_999L);
    try (Connection c = db.getConnection()) {
      for (String name :
          new String[] {BusinessWorkload.CREATE_ORDER, BusinessWorkload.UPDATE_STOCK}) {
        SQLException e =
            assertThrows(
                SQLException.class,
                () -> workload.operation(name).execute(c, WorkloadTestSupport.session(params)));
        assertEquals(WriteOperations.NO_DATA_FOUND, e.getSQLState(), name);
      }
    }
  }

  /** Runs the transaction as the Gatling action does: on failure roll back, close, rethrow. */
  private static void runTransaction(long userId, long productId, int quantity)
      throws SQLException {
    Params session =
        WorkloadTestSupport.session(
            Map.of(
                BusinessFeeder.USER_ID,
                userId,
                BusinessFeeder.PRODUCT_ID,
                productId,
                BusinessFeeder.QUANTITY,
                quantity));
    try (Connection c = db.getConnection()) {
      try {
        workload.operation(BusinessWorkload.ORDER_TRANSACTION).execute(c, session);
        assertFalse(c.getAutoCommit());
      } catch (SQLException e) {
        c.rollback();
        throw e;
      }
    }
  }

  private static void setStock(long productId, int stock) throws SQLException {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      assertEquals(
          1,
          s.executeUpdate(
              "UPDATE business_products SET stock = " + stock + " WHERE id = " + productId));
    }
  }

  private static int stock(long productId) throws SQLException {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT stock FROM business_products WHERE id = " + productId)) {
      assertTrue(rs.next());
      return rs.getInt(1);
    }
  }

  private static long count(String table) throws SQLException {
    return countWhere(table, "true");
  }

  private static long countWhere(String table, String condition) throws SQLException {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table + " WHERE " + condition)) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
