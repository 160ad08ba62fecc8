package io.pgfailover.workload.business;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills the business tables from {@code generate_series}: one INSERT ... SELECT per table, so the
 * default sizes take a fraction of a second instead of tens of thousands of round trips. Runs
 * inside the caller's transaction (and lock).
 */
final class BusinessSeed {
  private static final Logger LOG = LoggerFactory.getLogger(BusinessSeed.class);
  private static final String USERS =
      """
      INSERT INTO business_users (id, username, email, status, created_at, last_login)
      SELECT g, 'user_' || g, 'user_' || g || '@example.com',
             CASE WHEN g % 10 = 0 THEN 'inactive' ELSE 'active' END,
             now() - random() * interval '730 days',
             now() - random() * interval '30 days'
      FROM generate_series(1, ?) AS g""";

  /** Names are "<adjective> <noun> <id>", so every adjective prefix matches many products. */
  private static final String PRODUCTS =
      """
      INSERT INTO business_products (id, name, category, price, stock, updated_at)
      SELECT g,
             v.a[1 + (g - 1) % cardinality(v.a)] || ' '
               || v.n[1 + ((g - 1) / cardinality(v.a)) % cardinality(v.n)] || ' ' || g,
             v.c[1 + floor(random() * cardinality(v.c))::int],
             round((1 + random() * 499)::numeric, 2),
             100 + floor(random() * 900)::int,
             now() - random() * interval '90 days'
      FROM generate_series(1, ?) AS g, (SELECT ?::text[] AS a, ?::text[] AS n, ?::text[] AS c) v""";

  private static final String ORDERS =
      """
      INSERT INTO business_orders (user_id, product_id, quantity, amount, status, created_at)
      SELECT o.user_id, p.id, o.quantity, p.price * o.quantity, o.status, o.created_at
      FROM (SELECT 1 + floor(random() * ?)::bigint AS user_id,
                   1 + floor(random() * ?)::bigint AS product_id,
                   1 + floor(random() * ?)::int AS quantity,
                   (?::text[])[1 + floor(random() * ?)::int] AS status,
                   now() - random() * interval '180 days' AS created_at
            FROM generate_series(1, ?)) AS o
      JOIN business_products p ON p.id = o.product_id""";

  private static final String LOGS =
      """
      INSERT INTO business_logs (user_id, action, detail, created_at)
      SELECT 1 + floor(random() * ?)::bigint, (?::text[])[1 + floor(random() * ?)::int], 'seed',
             now() - random() * interval '30 days'
      FROM generate_series(1, ?)""";

  private BusinessSeed() {}

  static void seed(Connection connection, BusinessSettings settings) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "TRUNCATE business_logs, business_orders, business_products,"
              + " business_users RESTART IDENTITY");
    }
    try (PreparedStatement users = connection.prepareStatement(USERS)) {
      users.setInt(1, settings.users());
      long startNanos = System.nanoTime();
      users.executeUpdate();
      LOG.debug("business: seeded users in {} ms", (System.nanoTime() - startNanos) / 1_000_000);
    }
    try (PreparedStatement products = connection.prepareStatement(PRODUCTS)) {
      products.setInt(1, settings.products());
      products.setArray(2, textArray(connection, BusinessVocabulary.ADJECTIVES));
      products.setArray(3, textArray(connection, BusinessVocabulary.NOUNS));
      products.setArray(4, textArray(connection, BusinessVocabulary.CATEGORIES));
      long startNanos = System.nanoTime();
      products.executeUpdate();
      LOG.debug("business: seeded products in {} ms", (System.nanoTime() - startNanos) / 1_000_000);
    }
    try (Statement statement = connection.createStatement()) {
      // Statistics first: without them the planner joins 20 000 random orders to the products with
      // a nested loop over a sequential scan.
      statement.execute("ANALYZE business_users, business_products");
      // Checking the foreign keys once, when they are added back, beats a check per inserted row.
      statement.execute(
          "ALTER TABLE business_orders DROP CONSTRAINT business_orders_user_id_fkey,"
              + " DROP CONSTRAINT business_orders_product_id_fkey");
    }
    try (PreparedStatement orders = connection.prepareStatement(ORDERS)) {
      orders.setInt(1, settings.users());
      orders.setInt(2, settings.products());
      orders.setInt(3, settings.maxQuantity());
      orders.setArray(4, textArray(connection, BusinessVocabulary.ORDER_STATUSES));
      orders.setInt(5, BusinessVocabulary.ORDER_STATUSES.size());
      orders.setInt(6, settings.orders());
      long startNanos = System.nanoTime();
      orders.executeUpdate();
      LOG.debug("business: seeded orders in {} ms", (System.nanoTime() - startNanos) / 1_000_000);
    }
    try (Statement statement = connection.createStatement()) {
      long startNanos = System.nanoTime();
      statement.execute(
          "ALTER TABLE business_orders"
              + " ADD CONSTRAINT business_orders_user_id_fkey"
              + " FOREIGN KEY (user_id) REFERENCES business_users (id),"
              + " ADD CONSTRAINT business_orders_product_id_fkey"
              + " FOREIGN KEY (product_id) REFERENCES business_products (id)");
      LOG.debug(
          "business: checked foreign keys in {} ms", (System.nanoTime() - startNanos) / 1_000_000);
    }
    try (PreparedStatement logs = connection.prepareStatement(LOGS)) {
      logs.setInt(1, settings.users());
      logs.setArray(2, textArray(connection, BusinessVocabulary.LOG_ACTIONS));
      logs.setInt(3, BusinessVocabulary.LOG_ACTIONS.size());
      logs.setInt(4, settings.logs());
      long startNanos = System.nanoTime();
      logs.executeUpdate();
      LOG.debug("business: seeded logs in {} ms", (System.nanoTime() - startNanos) / 1_000_000);
    }
    try (PreparedStatement marker =
        connection.prepareStatement(
            """
        INSERT INTO business_seed (id, users, products, orders, logs, seeded_at)
        VALUES (1, ?, ?, ?, ?, now())
        ON CONFLICT (id) DO UPDATE SET users = excluded.users, products = excluded.products,
          orders = excluded.orders, logs = excluded.logs, seeded_at = excluded.seeded_at""")) {
      marker.setInt(1, settings.users());
      marker.setInt(2, settings.products());
      marker.setInt(3, settings.orders());
      marker.setInt(4, settings.logs());
      marker.executeUpdate();
    }
    try (Statement statement = connection.createStatement()) {
      // Fresh statistics, so the first measured queries get the same plans as the later ones.
      long startNanos = System.nanoTime();
      statement.execute("ANALYZE business_orders, business_logs");
      LOG.debug("business: analyzed in {} ms", (System.nanoTime() - startNanos) / 1_000_000);
    }
  }

  private static Array textArray(Connection connection, List<String> words) throws SQLException {
    return connection.createArrayOf("text", words.toArray(new String[0]));
  }
}
