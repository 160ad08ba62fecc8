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
          groups.merge(name.replaceAll("[-#_ ]?\\d+$", "").replaceAll("\\d+", "N"), ticks(stat),
              Long::sum);
        } catch (IOException | RuntimeException gone) {
          // the thread ended between listing and reading
        }
      }
      return new CpuSample(ticks(Files.readString(Path.of("/proc/self/stat"))), groups);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** utime + stime: fields 14 and 15, counted after the ')' that ends the command name. */
  static long ticks(String stat) {
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }
}
