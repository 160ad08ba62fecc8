package io.pgfailover.trigger;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Which PostgreSQL server a fresh connection reaches, and since when it runs: a change of address,
 * port, postmaster start time or timeline means another primary (or the same one restarted).
 *
 * @param timeline from {@code pg_control_checkpoint()}, -1 when the user may not read it
 */
record ServerIdentity(
    String address, int port, String startedAt, int timeline, boolean inRecovery) {

  /** One fresh connection: who answers? Short timeouts, so a dead server costs about 2 s. */
  static ServerIdentity probe(String url, String user, String password) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    props.setProperty("password", password);
    props.setProperty("connectTimeout", "2");
    props.setProperty("loginTimeout", "3");
    props.setProperty("socketTimeout", "3");
    props.setProperty("ApplicationName", "pgfailover-manual-probe");
    try (Connection c = DriverManager.getConnection(url, props);
        Statement s = c.createStatement()) {
      String address;
      int port;
      String started;
      boolean inRecovery;
      try (ResultSet r =
          s.executeQuery(
              "SELECT coalesce(host(inet_server_addr()), 'socket'),"
                  + " coalesce(inet_server_port(), 0), pg_postmaster_start_time()::text,"
                  + " pg_is_in_recovery()")) {
        r.next();
        address = r.getString(1);
        port = r.getInt(2);
        started = r.getString(3);
        inRecovery = r.getBoolean(4);
      }
      return new ServerIdentity(address, port, started, timeline(s), inRecovery);
    }
  }

  /** The checkpoint's timeline; -1 when not allowed (pg_control_* may be revoked from PUBLIC). */
  private static int timeline(Statement s) {
    try (ResultSet r = s.executeQuery("SELECT timeline_id FROM pg_control_checkpoint()")) {
      r.next();
      return r.getInt(1);
    } catch (SQLException e) {
      return -1;
    }
  }

  /** Whether {@code now} is another server than this, or this one restarted or promoted. */
  boolean differsFrom(ServerIdentity now) {
    return !address.equals(now.address)
        || port != now.port
        || !startedAt.equals(now.startedAt)
        || (timeline >= 0 && now.timeline >= 0 && timeline != now.timeline);
  }

  @Override
  public String toString() {
    return address
        + ":"
        + port
        + " (started "
        + startedAt
        + ", timeline "
        + (timeline < 0 ? "?" : Integer.toString(timeline))
        + (inRecovery ? ", replica" : "")
        + ")";
  }
}
