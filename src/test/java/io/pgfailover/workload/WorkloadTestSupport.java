package io.pgfailover.workload;

import io.pgfailover.testsupport.ScratchPostgres;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Test helpers: a fresh database on the scratch server per test class, and real Gatling sessions.
 */
public final class WorkloadTestSupport {
  private static final AtomicInteger DATABASES = new AtomicInteger();

  private WorkloadTestSupport() {}

  /** Creates an empty database with a unique name on the scratch server and returns its source. */
  public static DataSource freshDatabase(String prefix) throws SQLException {
    String name =
        prefix
            + "_"
            + ProcessHandle.current().pid()
            + "_"
            + DATABASES.incrementAndGet()
            + "_"
            + Long.toHexString(System.nanoTime() & 0xffffffL);
    try (Connection c = ScratchPostgres.get().connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + name);
    }
    PGSimpleDataSource source = new PGSimpleDataSource();
    source.setServerNames(new String[] {"127.0.0.1"});
    source.setPortNumbers(new int[] {ScratchPostgres.get().port()});
    source.setDatabaseName(name);
    source.setUser(ScratchPostgres.USER);
    source.setPassword(ScratchPostgres.PASSWORD);
    source.setConnectTimeout(5);
    source.setSocketTimeout(60);
    return source;
  }

  /** The parameters an operation gets from a user whose feeders set {@code attributes}. */
  public static Params session(Map<String, Object> attributes) {
    return Params.of(attributes);
  }
}
