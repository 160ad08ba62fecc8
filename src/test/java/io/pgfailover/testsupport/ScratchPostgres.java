package io.pgfailover.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway single PostgreSQL 15 server for tests that need real SQLSTATEs and real SQL, not a
 * cluster: initdb into a temp folder, started with pg_ctl as user postgres (PostgreSQL refuses
 * root), listening on 127.0.0.1 only. One per JVM, started on first use, stopped at JVM exit.
 */
public final class ScratchPostgres {
  public static final String USER = "postgres";
  public static final String PASSWORD = "scratch-test-only";
  private static final String BIN = "/usr/lib/postgresql/15/bin";
  private static ScratchPostgres instance;

  private final Path dataDir;
  private final int port;

  private ScratchPostgres(Path dataDir, int port) {
    this.dataDir = dataDir;
    this.port = port;
  }

  /** The shared server, started on first call (about 2 s). */
  public static synchronized ScratchPostgres get() {
    if (instance == null) {
      instance = start();
      ScratchPostgres started = instance;
      Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "scratch-postgres-stop"));
    }
    return instance;
  }

  /**
   * A server of the caller's own, apart from the shared one, for a test that stops it: the caller
   * must {@link #stop()} it.
   */
  public static ScratchPostgres startPrivate() {
    return start(26432 + (int) (ProcessHandle.current().pid() % 1000));
  }

  public int port() {
    return port;
  }

  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
  }

  public Connection connect() throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", USER);
    props.setProperty("password", PASSWORD);
    props.setProperty("connectTimeout", "5");
    return DriverManager.getConnection(jdbcUrl(), props);
  }

  private static ScratchPostgres start() {
    return start(25432 + (int) (ProcessHandle.current().pid() % 1000));
  }

  private static ScratchPostgres start(int port) {
    try {
      Path dir = Path.of(System.getProperty("java.io.tmpdir"), "pgfailover-scratch-" + port);
      run(List.of("rm", "-rf", dir.toString()));
      Files.createDirectories(dir);
      run(List.of("chown", "postgres:postgres", dir.toString()));
      Path pwFile = dir.resolve("pw");
      Files.writeString(pwFile, PASSWORD + "\n", StandardCharsets.UTF_8);
      run(List.of("chown", "postgres:postgres", pwFile.toString()));
      Path data = dir.resolve("data");
      asPostgres(
          List.of(
              BIN + "/initdb",
              "-D",
              data.toString(),
              "-U",
              USER,
              "--pwfile=" + pwFile,
              "--auth=scram-sha-256",
              "-E",
              "UTF8",
              "--no-sync"));
      asPostgres(
          List.of(
              BIN + "/pg_ctl",
              "-D",
              data.toString(),
              "-w",
              "-t",
              "30",
              "-l",
              dir.resolve("log").toString(),
              "-o",
              "-p "
                  + port
                  + " -c listen_addresses=127.0.0.1 -c unix_socket_directories="
                  + dir
                  + " -c fsync=off -c max_connections=100",
              "start"));
      return new ScratchPostgres(data, port);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the scratch PostgreSQL", e);
    }
  }

  /** Stops the server at once ({@code pg_ctl stop -m immediate}): its clients see it gone. */
  public void stop() {
    try {
      asPostgres(
          List.of(
              BIN + "/pg_ctl",
              "-D",
              dataDir.toString(),
              "-m",
              "immediate",
              "-w",
              "-t",
              "10",
              "stop"));
    } catch (RuntimeException | IOException e) {
      // best effort: at JVM exit, or already stopped
    }
  }

  private static void asPostgres(List<String> command) throws IOException {
    List<String> full =
        new ArrayList<>(
            List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"));
    full.addAll(command);
    run(full);
  }

  private static void run(List<String> command) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().remove("PGPASSWORD");
    Process p = pb.start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(String.join(" ", command) + " failed:\n" + out);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted running " + command, e);
    }
  }
}
