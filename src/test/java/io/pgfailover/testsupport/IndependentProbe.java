package io.pgfailover.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * A write probe that shares no code with the tool, to cross-check its figures: plain JDBC through
 * {@link DriverManager}, one thread and one connection per endpoint, one {@code INSERT} into
 * {@value #TABLE} per tick. After any error the connection is closed and the next tick opens a
 * fresh one (a tick that comes late, after a long attempt, runs at once). Every attempt is kept
 * with its completion time, read from {@link System#nanoTime()} anchored once to the wall clock.
 *
 * <p>{@link #close()} is bounded: each thread ends after its current attempt, which the pgjdbc
 * timeouts bound; a thread still stuck after that has its connection closed under it.
 */
public final class IndependentProbe implements AutoCloseable {
  public static final String TABLE = "crosscheck_probe";
  private static final long ANCHOR_NANOS = System.nanoTime();
  private static final long ANCHOR_EPOCH_MICROS = toMicros(Instant.now());
  private static final Duration JOIN = Duration.ofSeconds(20);

  /** One endpoint to probe; {@code extra} are pgjdbc properties on top of the tool's timeouts. */
  public record Target(String name, String url, Map<String, String> extra) {
    public Target(String name, String url) {
      this(name, url, Map.of());
    }
  }

  /**
   * One attempt. Times are epoch microseconds; {@code connectMicros} is the time spent opening a
   * fresh connection in this attempt (0 when the open one was reused); {@code port} is the
   * PostgreSQL server port a fresh connection reached, read after the write was acknowledged (0
   * when none); {@code error} is "SQLSTATE message (root cause)", null on success.
   */
  public record Attempt(
      long seq,
      long startMicros,
      long endMicros,
      boolean ok,
      long connectMicros,
      int port,
      String error) {}

  /** The longest interval between two consecutive acknowledged writes. */
  public record Gap(long fromMicros, long toMicros) {
    public double ms() {
      return (toMicros - fromMicros) / 1000.0;
    }
  }

  private final Map<String, Loop> loops = new LinkedHashMap<>();

  private IndependentProbe() {}

  /** Creates {@value #TABLE} if needed and empties it, through {@code url}. */
  public static void prepareTable(String url, String user, String password) throws SQLException {
    try (Connection c = DriverManager.getConnection(url, properties(user, password, Map.of()));
        Statement s = c.createStatement()) {
      s.execute(
          "CREATE TABLE IF NOT EXISTS "
              + TABLE
              + " (endpoint text, seq bigint,"
              + " at timestamptz DEFAULT clock_timestamp())");
      s.execute("TRUNCATE " + TABLE);
    }
  }

  /** Starts one writer thread per target, one attempt per {@code interval}. */
  public static IndependentProbe start(
      List<Target> targets, String user, String password, Duration interval) {
    IndependentProbe probe = new IndependentProbe();
    for (Target t : targets) {
      Loop loop = new Loop(t, properties(user, password, t.extra()), interval.toNanos());
      probe.loops.put(t.name(), loop);
      loop.thread.start();
    }
    return probe;
  }

  /** The pgjdbc timeouts the tool uses (Endpoint.driverProperties) and the credentials. */
  private static Properties properties(String user, String password, Map<String, String> extra) {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    p.setProperty("connectTimeout", "2");
    p.setProperty("socketTimeout", "10");
    p.setProperty("loginTimeout", "5");
    p.setProperty("tcpKeepAlive", "true");
    p.setProperty("ApplicationName", "crosscheck-probe");
    extra.forEach(p::setProperty);
    return p;
  }

  /** Waits (bounded) until every endpoint has had a write acknowledged; false at the deadline. */
  public boolean awaitFirstAcks(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (loops.values().stream().anyMatch(l -> l.acks().isEmpty())) {
      if (System.nanoTime() - deadline >= 0) {
        return false;
      }
      LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
    }
    return true;
  }

  public List<String> endpoints() {
    return List.copyOf(loops.keySet());
  }

  /** Every attempt of {@code endpoint} so far, in order. */
  public List<Attempt> attempts(String endpoint) {
    return loops.get(endpoint).snapshot();
  }

  /** Completion times of the acknowledged writes of {@code endpoint}, in order. */
  public List<Long> acks(String endpoint) {
    return loops.get(endpoint).acks();
  }

  /**
   * The largest gap between consecutive acknowledged writes in {@code [from, to]}, the last ack at
   * or before {@code from} included (a gap open at {@code from} counts whole); null with fewer than
   * two acks.
   */
  public Gap largestGap(String endpoint, long fromMicros, long toMicros) {
    List<Long> acks = acks(endpoint);
    int first = 0;
    for (int i = 0; i < acks.size() && acks.get(i) <= fromMicros; i++) {
      first = i;
    }
    Gap best = null;
    for (int i = first + 1; i < acks.size() && acks.get(i - 1) <= toMicros; i++) {
      Gap g = new Gap(acks.get(i - 1), acks.get(i));
      if (best == null || g.toMicros() - g.fromMicros() > best.toMicros() - best.fromMicros()) {
        best = g;
      }
    }
    return best;
  }

  /** Stops every thread: waits up to 20 s for them to finish their attempt, then 2 s more each. */
  @Override
  public void close() {
    loops.values().forEach(l -> l.running = false);
    long deadline = System.nanoTime() + JOIN.toNanos();
    for (Loop l : loops.values()) {
      joinUntil(l.thread, deadline);
      if (l.thread.isAlive()) {
        l.thread.interrupt();
        l.closeConnection(); // a blocked read on it fails at once
        joinUntil(l.thread, System.nanoTime() + Duration.ofSeconds(2).toNanos());
      }
    }
  }

  private static void joinUntil(Thread t, long deadlineNanos) {
    try {
      t.join(Math.max(1, (deadlineNanos - System.nanoTime()) / 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static long nowMicros() {
    return ANCHOR_EPOCH_MICROS + (System.nanoTime() - ANCHOR_NANOS) / 1_000;
  }

  private static long toMicros(Instant i) {
    return i.getEpochSecond() * 1_000_000L + i.getNano() / 1_000;
  }

  /** One endpoint's writer. */
  private static final class Loop implements Runnable {
    private final Target target;
    private final Properties properties;
    private final long intervalNanos;
    private final List<Attempt> attempts = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Connection connection;
    private PreparedStatement insert;
    private long seq;

    Loop(Target target, Properties properties, long intervalNanos) {
      this.target = target;
      this.properties = properties;
      this.intervalNanos = intervalNanos;
      this.thread = new Thread(this, "crosscheck-" + target.name());
      this.thread.setDaemon(true);
    }

    @Override
    public void run() {
      long next = System.nanoTime();
      while (running) {
        long wait = next - System.nanoTime();
        if (wait > 0) {
          LockSupport.parkNanos(wait);
          continue;
        }
        attempt();
        next = Math.max(next + intervalNanos, System.nanoTime());
      }
      closeConnection();
    }

    private void attempt() {
      long n = ++seq; // every attempt uses a number up, as the tool's heartbeat does
      long start = nowMicros();
      long connectMicros = 0;
      boolean fresh = false;
      try {
        if (connection == null) {
          connection = DriverManager.getConnection(target.url(), properties);
          connectMicros = nowMicros() - start;
          fresh = true;
          insert =
              connection.prepareStatement(
                  "INSERT INTO " + TABLE + " (endpoint, seq)" + " VALUES (?, ?)");
        }
        insert.setString(1, target.name());
        insert.setLong(2, n);
        insert.executeUpdate();
        long end = nowMicros();
        // after the ack is timed: which server a fresh connection reached, through any proxy
        record(new Attempt(n, start, end, true, connectMicros, fresh ? serverPort() : 0, null));
      } catch (SQLException | RuntimeException e) {
        long end = nowMicros();
        record(new Attempt(n, start, end, false, connectMicros, 0, describe(e)));
        closeConnection();
      }
    }

    /** "SQLSTATE first line of the message (root cause)". */
    private static String describe(Exception e) {
      String state = e instanceof SQLException s ? s.getSQLState() : e.getClass().getSimpleName();
      String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      return state
          + " "
          + message
          + (root == e
              ? ""
              : " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")");
    }

    /** {@code inet_server_port()} of the open connection; -1 when it cannot be read. */
    private int serverPort() {
      try (Statement s = connection.createStatement();
          ResultSet r = s.executeQuery("SELECT inet_server_port()")) {
        return r.next() ? r.getInt(1) : -1;
      } catch (SQLException | RuntimeException e) {
        return -1; // the write was acknowledged; a failure here is the next attempt's to see
      }
    }

    private void closeConnection() {
      Connection c = connection;
      connection = null;
      insert = null;
      if (c != null) {
        try {
          c.close();
        } catch (SQLException | RuntimeException ignored) {
          // a broken connection cannot close cleanly; it is dropped either way
        }
      }
    }

    private synchronized void record(Attempt a) {
      attempts.add(a);
    }

    synchronized List<Attempt> snapshot() {
      return List.copyOf(attempts);
    }

    synchronized List<Long> acks() {
      List<Long> acks = new ArrayList<>();
      for (Attempt a : attempts) {
        if (a.ok()) {
          acks.add(a.endMicros());
        }
      }
      return acks;
    }
  }

  /**
   * Read back on the final primary: per endpoint, the rows, the acknowledged writes missing there
   * (lost), and the largest gap between consecutive rows by the server's {@code clock_timestamp()}.
   */
  public Map<String, String> serverSummary(String url, String user, String password)
      throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection(url, properties(user, password, Map.of()));
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT seq, extract(epoch FROM at - lag(at)"
                    + " OVER (ORDER BY at)) * 1000 FROM "
                    + TABLE
                    + " WHERE endpoint = ?")) {
      for (String endpoint : endpoints()) {
        ps.setString(1, endpoint);
        Set<Long> present = new HashSet<>();
        double largest = 0;
        try (ResultSet r = ps.executeQuery()) {
          while (r.next()) {
            present.add(r.getLong(1));
            largest = Math.max(largest, r.getDouble(2));
          }
        }
        long lost =
            attempts(endpoint).stream().filter(a -> a.ok() && !present.contains(a.seq())).count();
        out.put(
            endpoint,
            String.format(
                Locale.ROOT,
                "%d rows, %d acknowledged writes lost, largest server-side gap %.1f ms",
                present.size(),
                lost,
                largest));
      }
    }
    return out;
  }
}
