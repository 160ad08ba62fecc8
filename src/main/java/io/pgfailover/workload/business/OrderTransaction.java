package io.pgfailover.workload.business;

import static io.pgfailover.workload.business.BusinessFeeder.PRODUCT_ID;
import static io.pgfailover.workload.business.BusinessFeeder.QUANTITY;
import static io.pgfailover.workload.business.BusinessFeeder.USER_ID;

import io.pgfailover.record.OperationKind;
import io.pgfailover.workload.Params;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The order flow in one transaction: lock the product row and check its stock, create the order,
 * decrement the stock, write a log row, commit. Any failure throws with the transaction open; the
 * Gatling action rolls back and closes, so nothing of a failed order remains.
 *
 * <p>Too little stock is a business outcome, not a database failure: the transaction then restocks
 * the product and commits an {@code out_of_stock} log row, so it succeeds and the next orders of
 * that product find stock again (the load keeps exercising the full flow however long it runs).
 */
final class OrderTransaction {
  private static final String LOCK_PRODUCT =
      "SELECT stock, price FROM business_products WHERE id = ? FOR UPDATE";
  private static final String INSERT_ORDER =
      """
      INSERT INTO business_orders (user_id, product_id, quantity, amount, status)
      VALUES (?, ?, ?, ?, 'paid') RETURNING id""";
  private static final String DECREMENT_STOCK =
      "UPDATE business_products SET stock = stock - ?, updated_at = now() WHERE id = ?";
  private static final String RESTOCK =
      "UPDATE business_products SET stock = stock + ?, updated_at = now() WHERE id = ?";
  private static final String INSERT_LOG =
      "INSERT INTO business_logs (user_id, action, detail) VALUES (?, ?, ?)";
  static final String ACTION_ORDER_PLACED = "order_placed";
  static final String ACTION_OUT_OF_STOCK = "out_of_stock";

  private OrderTransaction() {}

  static BusinessOperation create(BusinessSettings settings) {
    int restockQuantity = settings.restockQuantity();
    return new BusinessOperation(
        BusinessWorkload.ORDER_TRANSACTION,
        OperationKind.TRANSACTION,
        (c, s) -> run(c, s, restockQuantity));
  }

  private static long run(Connection c, Params s, int restockQuantity) throws SQLException {
    long userId = s.getLong(USER_ID);
    long productId = s.getLong(PRODUCT_ID);
    int quantity = s.getInt(QUANTITY);
    c.setAutoCommit(false);
    int stock;
    BigDecimal price;
    try (PreparedStatement ps = c.prepareStatement(LOCK_PRODUCT)) {
      ps.setLong(1, productId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw WriteOperations.noSuchRow("product", productId);
        }
        stock = rs.getInt(1);
        price = rs.getBigDecimal(2);
      }
    }
    if (stock < quantity) {
      update(c, RESTOCK, restockQuantity, productId, "product");
      log(
          c,
          userId,
          ACTION_OUT_OF_STOCK,
          "product "
              + productId
              + ": stock "
              + stock
              + " < quantity "
              + quantity
              + ", restocked "
              + restockQuantity);
    } else {
      long orderId = insertOrder(c, userId, productId, quantity, price);
      update(c, DECREMENT_STOCK, quantity, productId, "product");
      log(
          c,
          userId,
          ACTION_ORDER_PLACED,
          "order " + orderId + ": product " + productId + " x " + quantity);
    }
    c.commit();
    return -1;
  }

  private static long insertOrder(
      Connection c, long userId, long productId, int quantity, BigDecimal price)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT_ORDER)) {
      ps.setLong(1, userId);
      ps.setLong(2, productId);
      ps.setInt(3, quantity);
      ps.setBigDecimal(4, price.multiply(BigDecimal.valueOf(quantity)));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static void update(Connection c, String sql, int units, long id, String what)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setInt(1, units);
      ps.setLong(2, id);
      if (ps.executeUpdate() != 1) {
        throw WriteOperations.noSuchRow(what, id);
      }
    }
  }

  private static void log(Connection c, long userId, String action, String detail)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT_LOG)) {
      ps.setLong(1, userId);
      ps.setString(2, action);
      ps.setString(3, detail);
      ps.executeUpdate();
    }
  }
}
