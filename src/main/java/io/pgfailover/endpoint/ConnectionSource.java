package io.pgfailover.endpoint;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where a request gets its connection and where the connection goes after it: the endpoint's
 * HikariCP pool for the workloads ({@link Endpoint#pool()}), or the endpoint's own probe connection
 * for the path probe ({@link Endpoint#probe()}). The action times {@link #acquire()}: that wait is
 * what tells the path's outage apart from what the pool adds to it.
 */
public interface ConnectionSource {
  /** A connection to run one request on; may block (pool wait, connect) within its timeouts. */
  Connection acquire() throws SQLException;

  /**
   * Gives the connection back after the request. Never throws.
   *
   * @param connection what {@link #acquire()} returned, or null when it failed
   * @param failed the request failed: a probe then drops the connection, whatever the error
   */
  void release(Connection connection, boolean failed);
}
