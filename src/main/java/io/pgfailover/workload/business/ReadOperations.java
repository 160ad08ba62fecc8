package io.pgfailover.workload.business;

import static io.pgfailover.workload.business.BusinessFeeder.CATEGORY;
import static io.pgfailover.workload.business.BusinessFeeder.PAGE_OFFSET;
import static io.pgfailover.workload.business.BusinessFeeder.SEARCH_PREFIX;
import static io.pgfailover.workload.business.BusinessFeeder.USER_ID;

import io.pgfailover.record.OperationKind;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The five reads of the business workload. Each is one short prepared statement whose result is
 * read to the end (so a connection lost mid-result fails the operation, as it would an
 * application).
 */
final class ReadOperations {
  private static final String LIST_USERS =
      """
      SELECT id, username, email, status, last_login FROM business_users
      WHERE status = 'active' ORDER BY id LIMIT ? OFFSET ?""";
  private static final String ORDER_STATS =
      """
      SELECT status, count(*), sum(amount), avg(quantity), max(created_at) FROM business_orders
      WHERE user_id = ? GROUP BY status""";
  private static final String PRODUCT_SEARCH =
      """
      SELECT id, name, category, price, stock FROM business_products
      WHERE lower(name) LIKE ? OR category = ? ORDER BY id LIMIT ?""";
  private static final String USER_ORDERS =
      """
      SELECT o.id, o.quantity, o.amount, o.status, o.created_at, p.name, p.category
      FROM business_orders o JOIN business_products p ON p.id = o.product_id
      WHERE o.user_id = ? ORDER BY o.created_at DESC LIMIT ?""";
  private static final String RECENT_LOGS =
      """
      SELECT id, user_id, action, detail, created_at FROM business_logs
      ORDER BY created_at DESC LIMIT ?""";

  private ReadOperations() {}

  static List<BusinessOperation> all(BusinessSettings settings) {
    int pageSize = settings.pageSize();
    return List.of(
        new BusinessOperation(
            BusinessWorkload.LIST_USERS,
            OperationKind.READ,
            (c, s) -> {
              try (PreparedStatement ps = c.prepareStatement(LIST_USERS)) {
                ps.setInt(1, pageSize);
                ps.setInt(2, s.getInt(PAGE_OFFSET));
                return drain(ps);
              }
            }),
        new BusinessOperation(
            BusinessWorkload.ORDER_STATS,
            OperationKind.READ,
            (c, s) -> {
              try (PreparedStatement ps = c.prepareStatement(ORDER_STATS)) {
                ps.setLong(1, s.getLong(USER_ID));
                return drain(ps);
              }
            }),
        new BusinessOperation(
            BusinessWorkload.PRODUCT_SEARCH,
            OperationKind.READ,
            (c, s) -> {
              try (PreparedStatement ps = c.prepareStatement(PRODUCT_SEARCH)) {
                ps.setString(1, likePrefix(s.getString(SEARCH_PREFIX)));
                ps.setString(2, s.getString(CATEGORY));
                ps.setInt(3, pageSize);
                return drain(ps);
              }
            }),
        new BusinessOperation(
            BusinessWorkload.USER_ORDERS,
            OperationKind.READ,
            (c, s) -> {
              try (PreparedStatement ps = c.prepareStatement(USER_ORDERS)) {
                ps.setLong(1, s.getLong(USER_ID));
                ps.setInt(2, pageSize);
                return drain(ps);
              }
            }),
        new BusinessOperation(
            BusinessWorkload.RECENT_LOGS,
            OperationKind.READ,
            (c, s) -> {
              try (PreparedStatement ps = c.prepareStatement(RECENT_LOGS)) {
                ps.setInt(1, pageSize);
                return drain(ps);
              }
            }));
  }

  /** Reads every row; the count is not a record detail, so the operation returns -1. */
  private static long drain(PreparedStatement statement) throws SQLException {
    try (ResultSet rs = statement.executeQuery()) {
      while (rs.next()) {
        rs.getObject(1);
      }
    }
    return -1;
  }

  /** A LIKE pattern matching names that start with {@code prefix}, wildcards in it escaped. */
  static String likePrefix(String prefix) {
    String lower = prefix.toLowerCase(java.util.Locale.ROOT);
    return lower.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }
}
