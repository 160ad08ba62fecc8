package io.pgfailover.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.pgfailover.gatling.FailoverDsl.jdbc;
import static io.pgfailover.gatling.FailoverDsl.sql;

import io.gatling.javaapi.core.Simulation;
import io.pgfailover.config.EndpointSettings;
import io.pgfailover.config.PoolSettings;
import io.pgfailover.config.Secret;
import io.pgfailover.endpoint.Endpoint;
import io.pgfailover.record.OperationKind;
import io.pgfailover.record.Recorder;
import io.pgfailover.workload.Params;
import io.pgfailover.workload.SqlOperation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The simulation {@link JdbcActionTest} runs against a scratch server: the action's own feeding and
 * its closed loop, with real requests that succeed and fail. Every request inserts the number it
 * was fed into {@code probe_rows}, or fails with a real division by zero when the number is a
 * multiple of 7. Two scenarios: "loop" (3 users in {@code repeatWhile}, stopped after {@code
 * probe.loopMillis}, then one "done" insert each) and "repeat" (2 users, Gatling's {@code
 * repeat(50)} over a fed step). The feeders are plain counters that note any concurrent use in
 * {@code probe.dir}/feeder-overlaps.
 */
public class ActionProbeSimulation extends Simulation {
  private final Path dir = Path.of(System.getProperty("probe.dir"));
  private final Endpoint endpoint = scratchEndpoint(5);
  private final Recorder recorder = Recorder.open(dir.resolve("recording"));
  private final JdbcRuntime runtime = new JdbcRuntime(recorder);
  private final AtomicInteger overlaps = new AtomicInteger();
  private volatile boolean looping = true;

  /** The scratch server given by -Dprobe.url and -Dprobe.password, with a pool of {@code size}. */
  static Endpoint scratchEndpoint(int size) {
    return Endpoint.open(
        new EndpointSettings(
            "scratch",
            System.getProperty("probe.url"),
            EndpointSettings.Role.WRITER,
            "postgres",
            Secret.of(System.getProperty("probe.password")),
            size),
        new PoolSettings(
            size,
            Duration.ofSeconds(2),
            Duration.ofSeconds(10),
            Duration.ofSeconds(5),
            Duration.ofSeconds(3)));
  }

  {
    CountingFeeder loopFeeder = new CountingFeeder(0);
    CountingFeeder repeatFeeder = new CountingFeeder(1_000_000);
    setUp(
            scenario("loop")
                .exec(
                    sql(endpoint, new FedInsert("loop_insert"))
                        .feed(loopFeeder)
                        .repeatWhile(() -> looping))
                .exec(sql(endpoint, new Done()))
                .injectOpen(atOnceUsers(3)),
            scenario("repeat")
                .repeat(50)
                .on(
                    io.gatling.javaapi.core.CoreDsl.exec(
                        sql(endpoint, new FedInsert("repeat_insert")).feed(repeatFeeder)))
                .injectOpen(atOnceUsers(2)))
        .protocols(jdbc(runtime))
        .maxDuration(Duration.ofSeconds(60));
  }

  @Override
  public void before() {
    try (Connection c = endpoint.dataSource().getConnection();
        java.sql.Statement s = c.createStatement()) {
      s.execute("DROP TABLE IF EXISTS probe_rows");
      s.execute("CREATE TABLE probe_rows (n bigint, kind text)");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    Thread stopper =
        new Thread(
            () -> {
              try {
                Thread.sleep(Long.getLong("probe.loopMillis", 2000));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              looping = false;
            },
            "probe-stopper");
    stopper.setDaemon(true);
    stopper.start();
  }

  @Override
  public void after() {
    runtime.close();
    recorder.close();
    endpoint.close();
    try {
      Files.writeString(dir.resolve("feeder-overlaps"), Integer.toString(overlaps.get()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Numbers from {@code first} up; counts a call that starts while another is inside. */
  private final class CountingFeeder implements Iterator<Map<String, Object>> {
    private final java.util.concurrent.atomic.AtomicBoolean inside =
        new java.util.concurrent.atomic.AtomicBoolean();
    private long next;

    CountingFeeder(long first) {
      this.next = first;
    }

    @Override
    public boolean hasNext() {
      return true;
    }

    @Override
    public Map<String, Object> next() {
      if (!inside.compareAndSet(false, true)) {
        overlaps.incrementAndGet();
      }
      long n = next;
      Thread.onSpinWait(); // widen the window a concurrent caller would hit
      next = n + 1;
      inside.set(false);
      return Map.of("n", n);
    }
  }

  private record FedInsert(String name) implements SqlOperation {
    @Override
    public String workload() {
      return "probe";
    }

    @Override
    public OperationKind kind() {
      return OperationKind.WRITE;
    }

    @Override
    public long execute(Connection connection, Params session) throws SQLException {
      long n = session.getLong("n");
      if (n % 7 == 0) {
        try (java.sql.Statement s = connection.createStatement()) {
          s.execute("SELECT 1 / 0"); // a real server error, 22012
        }
      }
      try (PreparedStatement ps =
          connection.prepareStatement("INSERT INTO probe_rows VALUES (?, ?)")) {
        ps.setLong(1, n);
        ps.setString(2, name);
        ps.executeUpdate();
      }
      return n;
    }
  }

  private record Done() implements SqlOperation {
    @Override
    public String workload() {
      return "probe";
    }

    @Override
    public String name() {
      return "done";
    }

    @Override
    public OperationKind kind() {
      return OperationKind.WRITE;
    }

    @Override
    public long execute(Connection connection, Params session) throws SQLException {
      try (java.sql.Statement s = connection.createStatement()) {
        s.execute("INSERT INTO probe_rows VALUES (-1, 'done')");
      }
      return -1;
    }
  }
}
