package io.pgfailover.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.pgfailover.testsupport.ScratchPostgres;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Every class is checked on an exception produced by a real PostgreSQL server and real drivers. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ErrorClassifierTest {
  private static ScratchPostgres pg;

  @BeforeAll
  static void start() throws SQLException {
    pg = ScratchPostgres.get();
    try (Connection c = pg.connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS classifier_probe (id int PRIMARY KEY, v int)");
      s.execute("INSERT INTO classifier_probe VALUES (1, 0) ON CONFLICT (id) DO NOTHING");
    }
  }

  private static Properties props(String password) {
    Properties p = new Properties();
    p.setProperty("user", ScratchPostgres.USER);
    p.setProperty("password", password);
    p.setProperty("connectTimeout", "5");
    return p;
  }

  private static int closedPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void wrongPasswordIsAuth() {
    SQLException e =
        assertThrows(
            SQLException.class,
            () -> DriverManager.getConnection(pg.jdbcUrl(), props("not-the-password")));
    assertEquals("28P01", ErrorClassifier.sqlState(e));
    assertEquals(ErrorClass.AUTH, ErrorClassifier.classify(e));
  }

  @Test
  void closedPortIsConnectFailed() throws Exception {
    String url = "jdbc:postgresql://127.0.0.1:" + closedPort() + "/postgres";
    SQLException e =
        assertThrows(
            SQLException.class,
            () -> DriverManager.getConnection(url, props(ScratchPostgres.PASSWORD)));
    assertEquals("08001", ErrorClassifier.sqlState(e));
    assertEquals(ErrorClass.CONNECT_FAILED, ErrorClassifier.classify(e));
  }

  /**
   * A listener whose accept queue is full drops further SYNs without an answer (Linux), as a
   * partitioned host does: pgjdbc's connectTimeout ends the attempt, and that is CONNECT_TIMEOUT,
   * not the CONNECT_FAILED of a refused port.
   */
  @Test
  @Timeout(30)
  void silentlyDroppedConnectIsConnectTimeout() throws Exception {
    try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      java.util.List<java.net.Socket> queued = new java.util.ArrayList<>();
      try {
        // fill the accept queue (backlog 1 holds 2 on Linux); later SYNs get no answer at all
        for (int i = 0; i < 4; i++) {
          java.net.Socket s = new java.net.Socket();
          try {
            s.connect(full.getLocalSocketAddress(), 300);
            queued.add(s);
          } catch (java.net.SocketTimeoutException e) {
            s.close();
            break;
          }
        }
        Properties props = props(ScratchPostgres.PASSWORD);
        props.setProperty("connectTimeout", "1");
        String url = "jdbc:postgresql://127.0.0.1:" + full.getLocalPort() + "/postgres";
        long start = System.nanoTime();
        SQLException e =
            assertThrows(SQLException.class, () -> DriverManager.getConnection(url, props));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(ErrorClass.CONNECT_TIMEOUT, ErrorClassifier.classify(e), e::toString);
        assertTrue(seconds >= 0.9, "waited for connectTimeout: " + seconds + " s");
        assertEquals(
            java.util.Optional.of("pool.connect-timeout or pool.login-timeout"),
            ErrorClassifier.classify(e).timeoutSetting());
      } finally {
        for (java.net.Socket s : queued) {
          s.close();
        }
      }
    }
  }

  /** A server that accepts and never answers the startup packet: pgjdbc's loginTimeout ends it. */
  @Test
  @Timeout(30)
  void unansweredLoginIsConnectTimeout() throws Exception {
    try (ServerSocket mute = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Properties props = props(ScratchPostgres.PASSWORD);
      props.setProperty("loginTimeout", "1");
      String url = "jdbc:postgresql://127.0.0.1:" + mute.getLocalPort() + "/postgres";
      SQLException e =
          assertThrows(SQLException.class, () -> DriverManager.getConnection(url, props));
      assertEquals(ErrorClass.CONNECT_TIMEOUT, ErrorClassifier.classify(e), e::toString);
    }
  }

  @Test
  void terminatedBackendIsShutdownOrConnectionLost() throws Exception {
    try (Connection victim = pg.connect();
        Connection killer = pg.connect()) {
      int pid;
      try (Statement s = victim.createStatement();
          ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
        rs.next();
        pid = rs.getInt(1);
      }
      try (Statement s = killer.createStatement()) {
        s.execute("SELECT pg_terminate_backend(" + pid + ")");
      }
      SQLException e =
          assertThrows(
              SQLException.class,
              () -> {
                try (Statement s = victim.createStatement()) {
                  s.execute("SELECT 1");
                }
              });
      ErrorClass c = ErrorClassifier.classify(e);
      assertTrue(
          Set.of(ErrorClass.SHUTDOWN, ErrorClass.CONNECTION_LOST).contains(c), c + " for " + e);
    }
  }

  @Test
  void writeInReadOnlySessionIsReadOnly() throws Exception {
    try (Connection c = pg.connect();
        Statement s = c.createStatement()) {
      s.execute("SET default_transaction_read_only = on");
      SQLException e =
          assertThrows(
              SQLException.class,
              () -> s.executeUpdate("UPDATE classifier_probe SET v = v + 1 WHERE id = 1"));
      assertEquals("25006", ErrorClassifier.sqlState(e));
      assertEquals(ErrorClass.READ_ONLY, ErrorClassifier.classify(e));
    }
  }

  @Test
  void statementTimeoutIsTimeout() throws Exception {
    try (Connection c = pg.connect();
        Statement s = c.createStatement()) {
      s.execute("SET statement_timeout = 100");
      SQLException e = assertThrows(SQLException.class, () -> s.execute("SELECT pg_sleep(5)"));
      assertEquals("57014", ErrorClassifier.sqlState(e));
      assertEquals(ErrorClass.TIMEOUT, ErrorClassifier.classify(e));
    }
  }

  @Test
  void socketTimeoutIsTimeoutNotConnectionLost() throws Exception {
    Properties p = props(ScratchPostgres.PASSWORD);
    p.setProperty("socketTimeout", "1");
    try (Connection c = DriverManager.getConnection(pg.jdbcUrl(), p);
        Statement s = c.createStatement()) {
      SQLException e = assertThrows(SQLException.class, () -> s.execute("SELECT pg_sleep(3)"));
      // pgjdbc says 08006 (connection failure); the SocketTimeoutException cause decides.
      assertEquals("08006", ErrorClassifier.sqlState(e));
      assertEquals(ErrorClass.TIMEOUT, ErrorClassifier.classify(e));
    }
  }

  @Test
  void concurrentUpdateInRepeatableReadIsSerialization() throws Exception {
    try (Connection first = pg.connect();
        Connection second = pg.connect()) {
      first.setAutoCommit(false);
      first.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      try (Statement s = first.createStatement()) {
        s.executeQuery("SELECT v FROM classifier_probe WHERE id = 1").close(); // takes the snapshot
      }
      try (Statement s = second.createStatement()) {
        s.executeUpdate("UPDATE classifier_probe SET v = v + 1 WHERE id = 1");
      }
      SQLException e =
          assertThrows(
              SQLException.class,
              () -> {
                try (Statement s = first.createStatement()) {
                  s.executeUpdate("UPDATE classifier_probe SET v = v + 1 WHERE id = 1");
                }
              });
      first.rollback();
      assertEquals("40001", ErrorClassifier.sqlState(e));
      assertEquals(ErrorClass.SERIALIZATION, ErrorClassifier.classify(e));
    }
  }

  @Test
  void exhaustedHikariPoolIsPoolTimeout() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(pg.jdbcUrl());
    config.setUsername(ScratchPostgres.USER);
    config.setPassword(ScratchPostgres.PASSWORD);
    config.setMaximumPoolSize(1);
    config.setConnectionTimeout(250);
    try (HikariDataSource ds = new HikariDataSource(config);
        Connection held = ds.getConnection()) {
      assertNotNull(held);
      SQLException e = assertThrows(SQLException.class, ds::getConnection);
      assertTrue(e.getMessage().contains("request timed out"), e.getMessage());
      assertEquals(ErrorClass.POOL_TIMEOUT, ErrorClassifier.classify(e));
    }
  }

  @Test
  void hikariTimeoutCausedByRefusedConnectIsPoolTimeoutWithTheConnectsSqlState() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + closedPort() + "/postgres");
    config.setUsername(ScratchPostgres.USER);
    config.setPassword(ScratchPostgres.PASSWORD);
    config.setMaximumPoolSize(1);
    config.setConnectionTimeout(250);
    config.setInitializationFailTimeout(-1); // start the pool although the server is down
    try (HikariDataSource ds = new HikariDataSource(config)) {
      SQLException e = assertThrows(SQLException.class, ds::getConnection);
      assertTrue(e.getMessage().contains("request timed out"), e.getMessage());
      // the request waited for the pool, not for a connect of its own; the SQLSTATE still tells
      // what the pool's last attempt saw
      assertEquals(ErrorClass.POOL_TIMEOUT, ErrorClassifier.classify(e));
      assertEquals("08001", ErrorClassifier.sqlState(e));
    }
  }

  @Test
  void chainIsWalkedOnlyToFixedDepth() {
    SQLException auth =
        assertThrows(
            SQLException.class,
            () -> DriverManager.getConnection(pg.jdbcUrl(), props("not-the-password")));
    Throwable shallow = auth;
    for (int i = 0; i < ErrorClassifier.MAX_DEPTH - 1; i++) {
      shallow = new RuntimeException("wrapper " + i, shallow);
    }
    assertEquals(ErrorClass.AUTH, ErrorClassifier.classify(shallow));
    Throwable deep = new RuntimeException("one wrapper too many", shallow);
    assertEquals(ErrorClass.OTHER, ErrorClassifier.classify(deep));
    assertNull(ErrorClassifier.sqlState(deep));
  }

  @Test
  void sqlStateTableCoversDesignClasses() {
    assertEquals(ErrorClass.CANNOT_CONNECT_NOW, ErrorClassifier.ofSqlState("57P03"));
    assertEquals(ErrorClass.SHUTDOWN, ErrorClassifier.ofSqlState("57P02"));
    assertEquals(ErrorClass.SERIALIZATION, ErrorClassifier.ofSqlState("40P01"));
    assertEquals(ErrorClass.CONNECT_FAILED, ErrorClassifier.ofSqlState("08004"));
    assertEquals(ErrorClass.CONNECTION_LOST, ErrorClassifier.ofSqlState("08006"));
    assertEquals(ErrorClass.AUTH, ErrorClassifier.ofSqlState("28000"));
    assertNull(ErrorClassifier.ofSqlState("42P01"));
    assertEquals(ErrorClass.OTHER, ErrorClassifier.classify(null));
  }

  @Test
  void syntaxErrorIsOther() throws Exception {
    try (Connection c = pg.connect();
        Statement s = c.createStatement()) {
      SQLException e = assertThrows(SQLException.class, () -> s.execute("SELEC 1"));
      assertEquals(ErrorClass.OTHER, ErrorClassifier.classify(e));
    }
  }
}
