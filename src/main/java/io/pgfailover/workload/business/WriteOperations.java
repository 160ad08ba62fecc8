package io.pgfailover.workload.business;

import static io.pgfailover.workload.business.BusinessFeeder.LOG_ACTION;
import static io.pgfailover.workload.business.BusinessFeeder.PRODUCT_ID;
import static io.pgfailover.workload.business.BusinessFeeder.QUANTITY;
import static io.pgfailover.workload.business.BusinessFeeder.STOCK_DELTA;
import static io.pgfailover.workload.business.BusinessFeeder.USER_ID;

import io.pgfailover.record.OperationKind;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * The four single-statement writes of the business workload, each committed on its own
 * (autocommit). A write that finds no row to change throws: the feeder's ids always exist, so a
 * miss means the seed and the settings disagree, and that must show as failures rather than as fast
 * no-ops.
 */
final class WriteOperations {
  private static final String UPDATE_LAST_LOGIN =
      "UPDATE business_users SET last_login = now() WHERE id = ?";
  private static final String CREATE_ORDER =
      """
      INSERT INTO business_orders (user_id, product_id, quantity, amount, status)
      SELECT ?, p.id, ?, p.price * ?, 'created' FROM business_products p WHERE p.id = ?""";
  private static final String UPDATE_STOCK =
      "UPDATE business_products SET stock = stock + ?, updated_at = now() WHERE id = ?";
  private static final String INSERT_LOG =
      "INSERT INTO business_logs (user_id, action, detail) VALUES (?, ?, 'workload')";

  /** PL/pgSQL's no_data_found; the error classifier maps it to OTHER. */
  static final String NO_DATA_FOUND = "P0002";

  private WriteOperations() {}

  static List<BusinessOperation> all() {
    return List.of(
        new BusinessOperation(
            BusinessWorkload.UPDATE_LAST_LOGIN,
            OperationKind.WRITE,
            (c, s) -> {
              try (PreparedStatement ps = c.prepareStatement(UPDATE_LAST_LOGIN)) {
                ps.setLong(1, s.getLong(USER_ID));
                return expectOneRow(ps, "user", s.getLong(USER_ID));
              }
            }),
        new BusinessOperation(
            BusinessWorkload.CREATE_ORDER,
            OperationKind.WRITE,
            (c, s) -> {
              try (PreparedStatement ps = c.prepareStatement(CREATE_ORDER)) {
                int quantity = s.getInt(QUANTITY);
                ps.setLong(1, s.getLong(USER_ID));
                ps.setInt(2, quantity);
                ps.setInt(3, quantity);
                ps.setLong(4, s.getLong(PRODUCT_ID));
                return expectOneRow(ps, "product", s.getLong(PRODUCT_ID));
              }
            }),
        new BusinessOperation(
            BusinessWorkload.UPDATE_STOCK,
            OperationKind.WRITE,
            (c, s) -> {
              try (PreparedStatement ps = c.prepareStatement(UPDATE_STOCK)) {
                ps.setInt(1, s.getInt(STOCK_DELTA));
                ps.setLong(2, s.getLong(PRODUCT_ID));
                return expectOneRow(ps, "product", s.getLong(PRODUCT_ID));
              }
            }),
        new BusinessOperation(
            BusinessWorkload.INSERT_LOG,
            OperationKind.WRITE,
            (c, s) -> {
              try (PreparedStatement ps = c.prepareStatement(INSERT_LOG)) {
                ps.setLong(1, s.getLong(USER_ID));
                ps.setString(2, s.getString(LOG_ACTION));
                return expectOneRow(ps, "log", s.getLong(USER_ID));
              }
            }));
  }

  private static long expectOneRow(PreparedStatement statement, String what, long id)
      throws SQLException {
    int rows = statement.executeUpdate();
    if (rows != 1) {
      throw noSuchRow(what, id);
    }
    return -1;
  }

  /** SQLSTATE {@value #NO_DATA_FOUND} (no_data_found): the row the parameters name is missing. */
  static SQLException noSuchRow(String what, long id) {
    return new SQLException(
        "business: no "
            + what
            + " with id "
            + id
            + " (are the seeded row counts the configured ones?)",
        NO_DATA_FOUND);
  }
}
