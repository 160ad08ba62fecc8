package io.pgfailover.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import io.pgfailover.config.EndpointSettings;
import io.pgfailover.config.PoolSettings;
import io.pgfailover.config.Secret;
import io.pgfailover.testsupport.ScratchPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.jdbc.plugin.failover.FailoverSuccessSQLException;
import software.amazon.jdbc.plugin.failover.TransactionStateUnknownSQLException;
import software.amazon.jdbc.util.HikariCPSQLException;

/**
 * An endpoint through the AWS Advanced JDBC Wrapper, on a real scratch PostgreSQL: its pool and
 * probe connect through the wrapper with the monitoring plugin (the failover plugins need Aurora or
 * a Multi-AZ DB cluster), run queries, pass pre-flight, and its pool keeps a connection the wrapper
 * has failed over.
 */
class WrapperEndpointTest {
  private static final PoolSettings TIMEOUTS =
      new PoolSettings(
          2,
          Duration.ofSeconds(2),
          Duration.ofSeconds(10),
          Duration.ofSeconds(5),
          Duration.ofMillis(2000));

  private static EndpointSettings wrapper(String url) {
    return new EndpointSettings(
        "wrapper",
        url,
        EndpointSettings.Role.WRITER,
        ScratchPostgres.USER,
        Secret.of(ScratchPostgres.PASSWORD),
        2,
        "efm2");
  }

  @Test
  void poolAndProbeConnectThroughTheWrapperAndRunQueries() throws Exception {
    EndpointSettings settings = wrapper(ScratchPostgres.get().jdbcUrl());
    assertTrue(settings.connectUrl().startsWith("jdbc:aws-wrapper:postgresql://127.0.0.1:"));
    try (Endpoint endpoint = Endpoint.open(settings, TIMEOUTS)) {
      for (ConnectionSource source : new ConnectionSource[] {endpoint.pool(), endpoint.probe()}) {
        Connection c = source.acquire();
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT 40 + 2, current_setting('server_version')")) {
          rs.next();
          assertEquals(42, rs.getInt(1));
          assertTrue(
              unwrapped(c).getClass().getName().startsWith("software.amazon.jdbc."),
              "a wrapper connection: " + unwrapped(c).getClass().getName());
        } finally {
          source.release(c, false);
        }
      }
      HikariDataSource pool = (HikariDataSource) endpoint.dataSource();
      assertEquals(HikariCPSQLException.class.getName(), pool.getExceptionOverrideClassName());
      assertEquals("efm2", pool.getDataSourceProperties().getProperty("wrapperPlugins"));
    }
  }

  @Test
  void preflightPassesThroughTheWrapper() {
    String reached =
        Preflight.check(wrapper(ScratchPostgres.get().jdbcUrl()), TIMEOUTS, "FAILOVER_PASSWORD");
    assertTrue(reached.contains("primary"), reached);
  }

  /**
   * What the exception override is for: HikariCP evicts a connection on any 08 SQLSTATE unless the
   * override says otherwise, and the wrapper's says so for its failover outcomes.
   */
  @Test
  void theWrappersOverrideKeepsAConnectionItHasFailedOver() {
    HikariCPSQLException override = new HikariCPSQLException();
    assertEquals(
        SQLExceptionOverride.Override.DO_NOT_EVICT,
        override.adjudicate(new FailoverSuccessSQLException()));
    assertEquals(
        SQLExceptionOverride.Override.DO_NOT_EVICT,
        override.adjudicate(new TransactionStateUnknownSQLException()));
  }

  /** HikariCP hands out its proxy; the driver's connection is behind it. */
  private static Object unwrapped(Connection c) throws Exception {
    return c.isWrapperFor(software.amazon.jdbc.wrapper.ConnectionWrapper.class)
        ? c.unwrap(software.amazon.jdbc.wrapper.ConnectionWrapper.class)
        : c;
  }
}
