package io.pgfailover.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU ticks (user + system, 1/100 s) of this process from {@code /proc/self/stat}, and per thread
 * group (thread name without its trailing number) from {@code /proc/self/task/N/stat}.
 */
record CpuSample(long processTicks, Map<String, Long> byThreadGroup) {
  static final double TICKS_PER_SECOND = 100.0;

  static CpuSample now() {
    Map<String, Long> groups = new TreeMap<>();
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
      for (Path task : tasks) {
        try {
          String stat = Files.readString(task.resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          groups.merge(
              name.replaceAll("[-#_ ]?\\d+$", "").replaceAll("\\d+", "N"), ticks(stat), Long::sum);
        } catch (IOException | RuntimeException gone) {
          // the thread ended between listing and reading
        }
      }
      return new CpuSample(ticks(Files.readString(Path.of("/proc/self/stat"))), groups);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * The machine's CPU ticks from the first line of {@code /proc/stat}: {all, steal}. Steal is time
   * the hypervisor gave this VM's vCPUs to someone else; it shows why two identical runs differ.
   */
  static long[] machineTicks() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long all = 0;
      for (int i = 1; i <= 8 && i < f.length; i++) {
        all += Long.parseLong(f[i]);
      }
      return new long[] {all, f.length > 8 ? Long.parseLong(f[8]) : 0};
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Steal as a percentage of all CPU time between two {@link #machineTicks} readings. */
  static double stealPercent(long[] from, long[] to) {
    long all = to[0] - from[0];
    return all <= 0 ? 0 : 100.0 * (to[1] - from[1]) / all;
  }

  /** utime + stime: fields 14 and 15, counted after the ')' that ends the command name. */
  static long ticks(String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }
}
