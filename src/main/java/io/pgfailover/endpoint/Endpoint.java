package io.pgfailover.endpoint;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.Credentials;
import io.pgfailover.config.EndpointSettings;
import io.pgfailover.config.PoolSettings;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * A live endpoint: its settings, its own HikariCP pool for the workloads, and the path probe's own
 * connection ({@link #probe()}), outside the pool.
 *
 * <p>Timeouts are what keep a dead or frozen node from hanging a virtual user: pgjdbc's
 * connectTimeout and loginTimeout bound a new connection, socketTimeout bounds any read on an open
 * one (a SIGSTOPped primary never answers), and HikariCP's connectionTimeout bounds the wait for a
 * pooled connection. The pool does not fail at creation ({@code initializationFailTimeout = -1}):
 * {@link Preflight} checks reachability first, with a clear message.
 */
public final class Endpoint implements AutoCloseable {
  /** The AWS Advanced JDBC Wrapper's HikariCP exception override (its HikariCPSQLException). */
  static final String WRAPPER_EXCEPTION_OVERRIDE = "software.amazon.jdbc.util.HikariCPSQLException";

  private final EndpointSettings settings;
  private final HikariDataSource pool;
  private final ConnectionSource pooled;
  private final ProbeConnection probe;

  private Endpoint(EndpointSettings settings, HikariDataSource pool, ProbeConnection probe) {
    this.settings = settings;
    this.pool = pool;
    this.pooled = new PooledConnections(pool);
    this.probe = probe;
  }

  /** Creates the endpoint's pool; connections are opened in the background up to pool size. */
  public static Endpoint open(EndpointSettings settings, PoolSettings timeouts) {
    HikariConfig config = new HikariConfig();
    config.setPoolName("pool-" + settings.name());
    config.setJdbcUrl(settings.connectUrl());
    if (settings.usesWrapper()) {
      // Without it HikariCP evicts a connection on the wrapper's 08S02/08007, which the wrapper
      // has just failed over to the new writer, and pays a new connect (and its backoff) for it.
      config.setExceptionOverrideClassName(WRAPPER_EXCEPTION_OVERRIDE);
    }
    config.setUsername(settings.user());
    if (!settings.password().isEmpty()) {
      config.setPassword(settings.password().reveal());
    }
    config.setMaximumPoolSize(settings.poolSize());
    config.setMinimumIdle(settings.poolSize());
    config.setConnectionTimeout(Math.max(250, timeouts.acquireTimeout().toMillis()));
    config.setValidationTimeout(
        Math.max(250, Math.min(1000, timeouts.acquireTimeout().toMillis())));
    config.setInitializationFailTimeout(-1);
    config.setDataSourceProperties(driverProperties(settings, timeouts));
    return new Endpoint(
        settings,
        settings.password().isFetched()
            ? new FetchedCredentialsPool(config, settings)
            : new HikariDataSource(config),
        new ProbeConnection(settings.connectUrl(), () -> probeProperties(settings, timeouts)));
  }

  /** The pool's driver properties plus the credentials: for a plain DriverManager connection. */
  static Properties connectProperties(EndpointSettings settings, PoolSettings timeouts) {
    Properties p = driverProperties(settings, timeouts);
    p.setProperty("user", settings.user());
    if (!settings.password().isEmpty()) {
      p.setProperty("password", settings.password().reveal());
    }
    return p;
  }

  /** The probe's: a name of its own in pg_stat_activity. */
  private static Properties probeProperties(EndpointSettings settings, PoolSettings timeouts) {
    Properties p = connectProperties(settings, timeouts);
    p.setProperty("ApplicationName", "pgfailover-" + settings.name() + "-probe");
    return p;
  }

  /** pgjdbc properties shared by the pool and the pre-flight check. */
  static Properties driverProperties(EndpointSettings settings, PoolSettings timeouts) {
    Properties p = new Properties();
    p.setProperty("connectTimeout", seconds(timeouts.connectTimeout()));
    p.setProperty("loginTimeout", seconds(timeouts.loginTimeout()));
    p.setProperty("socketTimeout", seconds(timeouts.socketTimeout()));
    p.setProperty("tcpKeepAlive", "true");
    p.setProperty("ApplicationName", "pgfailover-" + settings.name());
    if (settings.usesWrapper()) {
      p.setProperty("wrapperPlugins", settings.wrapperPlugins());
    }
    return p;
  }

  private static String seconds(java.time.Duration d) {
    return Long.toString(Math.max(1, (d.toMillis() + 999) / 1000));
  }

  public String name() {
    return settings.name();
  }

  public EndpointSettings settings() {
    return settings;
  }

  public DataSource dataSource() {
    return pool;
  }

  /** The workloads' connections: borrowed from the pool, given back after each request. */
  public ConnectionSource pool() {
    return pooled;
  }

  /**
   * The path probe's connection, outside the pool: kept while it works, reopened after a failure.
   */
  public ConnectionSource probe() {
    return probe;
  }

  @Override
  public void close() {
    probe.close();
    pool.close();
  }

  /**
   * A pool whose password is fetched for each new connection (an IAM token renewed as it ages):
   * HikariCP asks its configuration for the credentials every time it connects, and the
   * configuration of a running pool is the data source itself.
   */
  private static final class FetchedCredentialsPool extends HikariDataSource {
    private final EndpointSettings endpoint;

    FetchedCredentialsPool(HikariConfig config, EndpointSettings endpoint) {
      super(config);
      this.endpoint = endpoint;
    }

    @Override
    public Credentials getCredentials() {
      // null while HikariDataSource's constructor copies the configuration, before this is set
      return endpoint == null
          ? super.getCredentials()
          : Credentials.of(endpoint.user(), endpoint.password().reveal());
    }
  }

  /** Borrow and give back; HikariCP evicts a broken connection itself when it is closed. */
  private record PooledConnections(DataSource pool) implements ConnectionSource {
    @Override
    public Connection acquire() throws SQLException {
      return pool.getConnection();
    }

    @Override
    public void release(Connection connection, boolean failed) {
      if (connection == null) {
        return;
      }
      try {
        connection.close();
      } catch (Throwable ignored) {
        // the attempt's outcome is already known
      }
    }
  }
}
