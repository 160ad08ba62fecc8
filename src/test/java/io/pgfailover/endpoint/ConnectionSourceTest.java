package io.pgfailover.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgfailover.config.EndpointSettings;
import io.pgfailover.config.PoolSettings;
import io.pgfailover.config.Secret;
import io.pgfailover.record.ErrorClass;
import io.pgfailover.record.ErrorClassifier;
import io.pgfailover.testsupport.ScratchPostgres;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The two ways a request gets its connection, on a real scratch PostgreSQL: the probe keeps one
 * connection of its own while it works and opens a fresh one at once after a failure (no pool, no
 * backoff), with its own application name; the pool lends and takes back.
 */
class ConnectionSourceTest {
  private static final PoolSettings TIMEOUTS =
      new PoolSettings(
          2,
          Duration.ofSeconds(2),
          Duration.ofSeconds(10),
          Duration.ofSeconds(5),
          Duration.ofMillis(500));

  private static Endpoint open(String url) {
    return Endpoint.open(
        new EndpointSettings(
            "scratch",
            url,
            EndpointSettings.Role.WRITER,
            ScratchPostgres.USER,
            Secret.of(ScratchPostgres.PASSWORD),
            2),
        TIMEOUTS);
  }

  private static int backendPid(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  @Test
  void probeKeepsItsConnectionWhileItWorksAndReopensAtOnceAfterAFailure() throws Exception {
    ScratchPostgres pg = ScratchPostgres.get();
    try (Endpoint endpoint = open(pg.jdbcUrl());
        Connection admin = pg.connect()) {
      ConnectionSource probe = endpoint.probe();
      Connection first = probe.acquire();
      int pid = backendPid(first);
      probe.release(first, false);
      Connection again = probe.acquire();
      assertEquals(pid, backendPid(again), "a working probe connection is kept");
      try (Statement s = again.createStatement();
          ResultSet rs =
              s.executeQuery(
                  "SELECT application_name FROM pg_stat_activity"
                      + " WHERE pid = pg_backend_pid()")) {
        rs.next();
        assertEquals("pgfailover-scratch-probe", rs.getString(1));
      }
      probe.release(again, false);

      // the server ends the probe's session, as a switchover or a restart would
      try (Statement s = admin.createStatement()) {
        s.execute("SELECT pg_terminate_backend(" + pid + ")");
      }
      Connection dead = probe.acquire();
      SQLException e = assertThrows(SQLException.class, () -> backendPid(dead));
      assertTrue(ErrorClassifier.classify(e) != ErrorClass.NONE);
      probe.release(dead, true);

      long before = System.nanoTime();
      Connection fresh = probe.acquire();
      long acquireMs = (System.nanoTime() - before) / 1_000_000;
      assertNotEquals(pid, backendPid(fresh), "a fresh session after the failure");
      // a new connection at once, not after a backoff (HikariCP's first retry comes 10 ms after a
      // failed attempt, its later ones up to 5 s); a local connect takes a few ms
      assertTrue(acquireMs < 1000, "reconnect took " + acquireMs + " ms");
      probe.release(fresh, false);
    }
  }

  @Test
  void probeOnAClosedPortFailsAsAConnectAttemptNotAsAPoolTimeout() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    try (Endpoint endpoint = open("jdbc:postgresql://127.0.0.1:" + closed + "/postgres")) {
      SQLException probe = assertThrows(SQLException.class, () -> endpoint.probe().acquire());
      assertEquals(ErrorClass.CONNECT_FAILED, ErrorClassifier.classify(probe));
      SQLException pooled = assertThrows(SQLException.class, () -> endpoint.pool().acquire());
      assertEquals(ErrorClass.POOL_TIMEOUT, ErrorClassifier.classify(pooled));
    }
  }

  @Test
  void poolLendsAndTakesBack() throws Exception {
    ScratchPostgres pg = ScratchPostgres.get();
    try (Endpoint endpoint = open(pg.jdbcUrl())) {
      Connection c = endpoint.pool().acquire();
      assertTrue(c.isValid(1));
      endpoint.pool().release(c, false);
      assertTrue(c.isClosed(), "given back to the pool");
      endpoint.pool().release(null, true); // a failed acquire gives nothing back
    }
  }
}
