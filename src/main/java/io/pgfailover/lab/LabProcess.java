package io.pgfailover.lab;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One long-running lab program (etcd, a Patroni node, HAProxy, PgBouncer), started detached: in its
 * own session ({@code setsid}, so a Ctrl-C on the starting command does not reach it), output
 * appended to a log file, PID in a pid file. It outlives the JVM, and a later command finds it
 * again through the pid file; the PID counts only while its command line still mentions the lab
 * directory, so a recycled PID is never signalled.
 */
final class LabProcess {
  private final String name;
  private final Path pidFile;
  private final Path logFile;
  private final String marker;

  /** The child this JVM started last, if any: it is ours whatever its command line reads. */
  private volatile Process started;

  LabProcess(String name, LabLayout layout) {
    this.name = name;
    this.pidFile = layout.pidFile(name);
    this.logFile = layout.logFile(name);
    this.marker = layout.root().toString();
  }

  String name() {
    return name;
  }

  Path logFile() {
    return logFile;
  }

  /**
   * Starts {@code command} as user postgres (PostgreSQL and Patroni refuse root), with no PG*
   * variable in its environment: an exported PGPASSWORD leaks into Patroni's pg_basebackup.
   */
  long start(List<String> command) throws IOException {
    return start(List.of(), command);
  }

  /**
   * Same, with {@code prefix} run as root first and exec'ing the rest (a node joins its cgroup
   * there, see {@link LabNetwork#joinCommand}).
   */
  long start(List<String> prefix, List<String> command) throws IOException {
    List<String> full = new ArrayList<>(List.of("setsid"));
    full.addAll(prefix);
    if (LabFiles.runningAsRoot()) {
      full.addAll(
          List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"));
    }
    full.addAll(command);
    Files.createDirectories(logFile.getParent());
    Files.createDirectories(pidFile.getParent());
    ProcessBuilder builder =
        new ProcessBuilder(full)
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
            .redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(key -> key.startsWith("PG"));
    if (LabFiles.runningAsRoot()) {
      env.put("HOME", "/var/lib/postgresql"); // postgres's home, not root's
    }
    // setsid, the prefix and setpriv exec their command, so this PID is the program's own.
    Process child = builder.start();
    started = child;
    long pid = child.pid();
    Files.writeString(pidFile, pid + "\n", StandardCharsets.UTF_8);
    return pid;
  }

  /** The PID from the pid file, when that process is alive and still one of ours. */
  OptionalLong pid() {
    try {
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      if (LabSignals.isAlive(pid) && LabSignals.cmdline(pid).contains(marker)) {
        return OptionalLong.of(pid);
      }
    } catch (IOException | NumberFormatException e) {
      // no pid file, or a torn one: not running as far as we know
    }
    return OptionalLong.empty();
  }

  /**
   * Alive: the child this JVM started is still running, or the pid file names a running process of
   * this lab. Why the first: while setsid and setpriv exec the next program, /proc/PID/cmdline
   * reads empty for a moment (measured: 2,649 of 234,082 reads in the first 30 ms after a start),
   * so the command line does not name the lab, and a readiness check that looked then took etcd for
   * "exited" with an empty log (seen twice in CI, 5-20 ms after the start).
   */
  boolean isAlive() {
    Process child = started;
    return (child != null && child.isAlive()) || pid().isPresent();
  }

  /** The last {@code lines} lines of the log, for a failed start. */
  String logTail(int lines) {
    return LabFiles.tail(logFile, lines);
  }
}
