package io.pgfailover.lab;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Process inspection and signals through {@code /proc}, for processes this JVM did not start (a lab
 * started by an earlier command). A zombie counts as dead: orphans are reaped slowly here, and
 * {@code kill -0} would call them alive.
 */
final class LabSignals {
  private static final long POLL_MS = 20;

  private LabSignals() {}

  /** Whether {@code pid} runs: it exists and is neither a zombie (Z) nor dead (X). */
  static boolean isAlive(long pid) {
    char state = state(pid);
    return state != '?' && state != 'Z' && state != 'X';
  }

  /** The state letter from {@code /proc/PID/stat} (R, S, T, Z, ...), '?' when gone. */
  static char state(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      int close = stat.lastIndexOf(')');
      return close >= 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
    } catch (IOException e) {
      return '?';
    }
  }

  /** The command line, arguments separated by spaces, or "" when the process is gone. */
  static String cmdline(long pid) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline"));
      return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').trim();
    } catch (IOException e) {
      return "";
    }
  }

  /** Live processes whose command line mentions {@code marker}, except this JVM. */
  static List<Long> findByMarker(String marker) {
    List<Long> found = new ArrayList<>();
    long self = ProcessHandle.current().pid();
    try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path dir : proc) {
        long pid = Long.parseLong(dir.getFileName().toString());
        if (pid != self && isAlive(pid) && isLabCommand(cmdline(pid), marker)) {
          found.add(pid);
        }
      }
    } catch (IOException e) {
      // /proc vanished entries race with us; what we found so far is what exists
    }
    return found;
  }

  /** Lab processes, and descendants of one, that are stopped (state T or t). */
  static List<Long> stopped(String marker) {
    Set<Long> stopped = new LinkedHashSet<>();
    for (long pid : findByMarker(marker)) {
      if (isStopped(pid)) {
        stopped.add(pid);
      }
      ProcessHandle.of(pid)
          .ifPresent(
              h ->
                  h.descendants()
                      .filter(d -> isStopped(d.pid()))
                      .forEach(d -> stopped.add(d.pid())));
    }
    return List.copyOf(stopped);
  }

  /**
   * Sends SIGCONT to every stopped (state T) lab process and stopped descendant of one, so a node
   * frozen by a trigger that could not thaw it (the JVM was killed) runs again. Returns them.
   */
  static List<Long> continueStopped(String marker) {
    List<Long> stopped = stopped(marker);
    if (stopped.isEmpty()) {
      return List.of();
    }
    List<String> command = new ArrayList<>(List.of("kill", "-CONT", "--"));
    stopped.forEach(pid -> command.add(Long.toString(pid)));
    try {
      Process kill =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!kill.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        kill.destroyForcibly();
      }
    } catch (IOException e) {
      throw new LabException("lab: cannot send SIGCONT to " + stopped + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LabException("lab: interrupted while sending SIGCONT", e);
    }
    return List.copyOf(stopped);
  }

  /** Stopped by a signal (T) or by a tracer (t). */
  static boolean isStopped(long pid) {
    char state = state(pid);
    return state == 'T' || state == 't';
  }

  /** The lab's own programs only, so a shell tailing a lab log file is left alone. */
  private static boolean isLabCommand(String cmdline, String marker) {
    if (!cmdline.contains(marker)) {
      return false;
    }
    String program = cmdline.split(" ", 2)[0];
    return program.endsWith("etcd")
        || program.endsWith("haproxy")
        || program.endsWith("pgbouncer")
        || program.startsWith("postgres")
        || program.endsWith("/postgres")
        || cmdline.contains("/patroni ")
        || program.endsWith("patroni");
  }

  /**
   * Stops processes: SIGTERM to all at once, up to {@code grace} for them to exit, then SIGKILL to
   * the survivors and every descendant seen before the first signal.
   */
  static void stopAll(Collection<Long> pids, Duration grace) throws InterruptedIOException {
    Set<Long> all = new LinkedHashSet<>();
    for (long pid : pids) {
      if (isAlive(pid)) {
        all.add(pid);
        ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(d -> all.add(d.pid())));
      }
    }
    for (long pid : pids) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
    }
    if (awaitDead(pids, System.nanoTime() + grace.toNanos())) {
      if (awaitDead(all, System.nanoTime() + Duration.ofMillis(500).toNanos())) {
        return;
      }
    }
    killAll(all);
    awaitDead(all, System.nanoTime() + Duration.ofSeconds(5).toNanos());
  }

  static void killAll(Collection<Long> pids) {
    for (long pid : pids) {
      if (isAlive(pid)) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  /** Waits until none of {@code pids} is alive; false when the deadline passed first. */
  static boolean awaitDead(Collection<Long> pids, long deadlineNanos)
      throws InterruptedIOException {
    while (true) {
      if (pids.stream().noneMatch(LabSignals::isAlive)) {
        return true;
      }
      if (System.nanoTime() - deadlineNanos >= 0) {
        return false;
      }
      sleepMs(POLL_MS);
    }
  }

  /** The postmaster's PID from {@code postmaster.pid}, or -1 when absent or not running. */
  static long postmasterPid(Path dataDir) {
    try {
      List<String> lines = Files.readAllLines(dataDir.resolve("postmaster.pid"));
      long pid = lines.isEmpty() ? -1 : Long.parseLong(lines.get(0).trim());
      return pid > 0 && isAlive(pid) && cmdline(pid).contains(dataDir.toString()) ? pid : -1;
    } catch (NoSuchFileException e) {
      return -1;
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  static void sleepMs(long ms) throws InterruptedIOException {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for lab processes");
    }
  }
}
