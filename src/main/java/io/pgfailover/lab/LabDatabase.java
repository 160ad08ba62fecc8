package io.pgfailover.lab;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** JDBC chores of the lab: the client role and database, and probing where an endpoint lands. */
final class LabDatabase {
  private LabDatabase() {}

  /** Where a connection landed: a primary or a replica, and the server's port. */
  record Landing(boolean inRecovery, int serverPort) {}

  static Connection connect(String url, String user, String password) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", user);
    props.setProperty("password", password);
    props.setProperty("connectTimeout", "2");
    props.setProperty("loginTimeout", "3");
    props.setProperty("socketTimeout", "5");
    props.setProperty("ApplicationName", "pgfailover-lab");
    return DriverManager.getConnection(url, props);
  }

  /** One fresh connection through {@code url}: where does it land? */
  static Landing land(String url, String user, String password) throws SQLException {
    try (Connection c = connect(url, user, password);
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT pg_is_in_recovery(), inet_server_port()")) {
      r.next();
      return new Landing(r.getBoolean(1), r.getInt(2));
    }
  }

  /**
   * Creates the client role (login, no superuser, owner of the database, so it can create tables
   * there) from a precomputed SCRAM secret, and the database. The role may CHECKPOINT (PostgreSQL
   * 15's pg_checkpoint), which the TPC-B benchmark does before each run.
   */
  static void createClientRoleAndDatabase(
      String superuserUrl,
      String superuserPassword,
      String user,
      String scramSecret,
      String database)
      throws SQLException {
    try (Connection c = connect(superuserUrl, LabConfigs.SUPERUSER, superuserPassword);
        Statement s = c.createStatement()) {
      // Identifiers are checked by LabSettings; the secret is base64 and '$', ':' only.
      s.execute("CREATE ROLE " + user + " LOGIN PASSWORD '" + scramSecret + "'");
      s.execute("GRANT pg_checkpoint TO " + user);
      s.execute("CREATE DATABASE " + database + " OWNER " + user);
    }
  }
}
