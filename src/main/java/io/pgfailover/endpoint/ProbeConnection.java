package io.pgfailover.endpoint;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * The path probe's connection: one plain JDBC connection of its own, outside the pool. After any
 * failed request it is closed, and the next request opens a fresh one at once, with no backoff, so
 * the probe sees the path accept work again at its very next tick (HikariCP's connection adder
 * would wait 10 ms doubling up to 5 s between attempts; see {@code ../shared/notes}).
 *
 * <p>It uses the endpoint's URL and the same pgjdbc timeouts as the pool (connectTimeout,
 * loginTimeout, socketTimeout), so a frozen node cannot hang the probe either. Thread-safe: a
 * connection is handed to one request at a time; a second concurrent request opens its own, and the
 * spare one is closed when given back.
 */
final class ProbeConnection implements ConnectionSource, AutoCloseable {
  private final String url;
  private final Supplier<Properties> properties; // hold the password: never logged
  private Connection idle;
  private boolean closed;

  /** {@code properties} are asked for at each connect: a fetched password may have changed. */
  ProbeConnection(String url, Supplier<Properties> properties) {
    this.url = url;
    this.properties = properties;
  }

  @Override
  public Connection acquire() throws SQLException {
    synchronized (this) {
      if (closed) {
        throw new SQLException("the probe of this endpoint is closed", "08003");
      }
      if (idle != null) {
        Connection c = idle;
        idle = null;
        return c;
      }
    }
    return DriverManager.getConnection(
        url, properties.get()); // outside the lock: it may take seconds
  }

  @Override
  public void release(Connection connection, boolean failed) {
    if (connection == null) {
      return;
    }
    synchronized (this) {
      if (!failed && !closed && idle == null) {
        idle = connection;
        return;
      }
    }
    closeQuietly(connection);
  }

  @Override
  public void close() {
    Connection c;
    synchronized (this) {
      closed = true;
      c = idle;
      idle = null;
    }
    closeQuietly(c);
  }

  private static void closeQuietly(Connection connection) {
    if (connection == null) {
      return;
    }
    try {
      connection.close();
    } catch (SQLException | RuntimeException ignored) {
      // a broken connection cannot close cleanly; it is dropped either way
    }
  }
}
