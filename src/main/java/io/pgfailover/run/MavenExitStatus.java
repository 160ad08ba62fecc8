package io.pgfailover.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Gives {@code mvn} the run's own exit status and last line. Maven exits 1 for any failed build
 * whatever the forked Gatling JVM's status was, and the plugin calls a fork's status 2 "assertions
 * failed", so CI could not tell a missed SLO from bad input or a crash.
 *
 * <p>{@link MavenPrelude} installs this in Maven's own JVM before the Gatling goal, and names a
 * verdict file in a system property; the Gatling plugin propagates Maven's system properties to its
 * fork, which writes its {@code Verdict} there ({@link VerdictAnnouncer}). When Maven's JVM exits,
 * this hook prints the verdict's line last and halts with its status. A fork still running at that
 * moment (Maven was interrupted or killed with SIGTERM) is sent SIGTERM and waited for (bounded),
 * so that it closes its recording and heals the lab first.
 *
 * <p>Runs during JVM shutdown, after exec:java has closed the class loader: it uses JDK classes
 * only.
 */
final class MavenExitStatus extends Thread {
  static final String FILE_PROPERTY = "pgfailover.verdictFile";
  private static final long FORK_WAIT_MS = 90_000;
  private static final long MAVEN_END_WAIT_MS = 5_000;

  private final Path file;

  private MavenExitStatus(Path file) {
    super("failover-exit-status");
    this.file = file;
  }

  /** Installs the hook once per Maven JVM; the verdict file goes to {@code buildDir}. */
  static void install(Path buildDir) throws IOException {
    if (System.getProperty(FILE_PROPERTY) != null) {
      return;
    }
    Files.createDirectories(buildDir);
    Path file =
        buildDir.resolve("failover-verdict-" + ProcessHandle.current().pid()).toAbsolutePath();
    Files.deleteIfExists(file);
    System.setProperty(FILE_PROPERTY, file.toString());
    Runtime.getRuntime().addShutdownHook(new MavenExitStatus(file));
  }

  @Override
  public void run() {
    waitForForks();
    List<String> lines;
    try {
      if (!Files.isRegularFile(file)) {
        return; // no run wrote a verdict: a plain build, or the run was killed with -9
      }
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      Files.deleteIfExists(file);
    } catch (IOException e) {
      return;
    }
    if (lines.size() < 2) {
      return;
    }
    awaitMavenAtExit();
    int status;
    try {
      status = Integer.parseInt(lines.get(0).trim());
    } catch (NumberFormatException e) {
      return;
    }
    System.out.println(lines.get(1));
    System.out.flush();
    if (status != 0) {
      Runtime.getRuntime().halt(status);
    }
  }

  /**
   * Forks of this run still alive: Maven is going away under them. They are stopped and waited for,
   * so that mvn returns after the run has closed its recording and left the lab healed.
   */
  private void waitForForks() {
    long deadline = System.currentTimeMillis() + FORK_WAIT_MS;
    boolean signalled = false;
    while (System.currentTimeMillis() < deadline) {
      List<ProcessHandle> forks =
          ProcessHandle.current().children().filter(this::isRunFork).toList();
      if (forks.isEmpty()) {
        return;
      }
      if (!signalled) {
        forks.forEach(ProcessHandle::destroy); // SIGTERM: the run's interrupt hook does the rest
        signalled = true;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * Waits (bounded) until Maven's main thread has printed its own end and called exit. After a
   * signal, the hooks start while it is still reporting the fork's failure, and the verdict's line
   * would land above Maven's "BUILD FAILURE" block instead of last (seen in CI).
   */
  private static void awaitMavenAtExit() {
    Thread main =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals("main"))
            .findFirst()
            .orElse(null);
    long deadline = System.currentTimeMillis() + MAVEN_END_WAIT_MS;
    while (main != null && main.isAlive() && System.currentTimeMillis() < deadline) {
      for (StackTraceElement frame : main.getStackTrace()) {
        if (frame.getClassName().equals("java.lang.Shutdown")) {
          return; // in System.exit, which blocks while the hooks run
        }
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** The plugin's fork carries the verdict file's property on its command line. */
  private boolean isRunFork(ProcessHandle child) {
    return child.info().commandLine().map(c -> c.contains(file.toString())).orElse(false);
  }
}
