package io.pgfailover.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.pgfailover.downtime.AnalysisSettings;
import io.pgfailover.downtime.DowntimeReport;
import io.pgfailover.downtime.EndpointReport;
import io.pgfailover.downtime.RunFolder;
import io.pgfailover.downtime.RunInfo;
import io.pgfailover.record.SyntheticRecording;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * How fast, and in how much heap, a run folder is analysed (bin/bench-analysis): synthetic
 * recordings of each size ({@link SyntheticRecording}, through the project's recorder) analysed by
 * {@link RunFolder#analyze}, as bin/analyze and the end of a run do. For each size it prints the
 * records per second, the wall time, and the heap: the most still in use after any collection
 * during the analysis (from the GC notifications of the JVM's memory beans: the peak of the live
 * state), and what is live after a full GC at the end, the report held. Run it with -Xmx256m to
 * hold it to the target. Settings (system properties): bench.sizes (10000000,100000000),
 * bench.dir (java.io.tmpdir), bench.keep (false: the folders are deleted after).
 */
public final class AnalysisBenchmark {
  private static final long MIB = 1024 * 1024;

  private AnalysisBenchmark() {}

  public static void main(String[] args) throws Exception {
    String sizes = System.getProperty("bench.sizes", "10000000,100000000");
    Path base = Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir")));
    boolean keep = Boolean.getBoolean("bench.keep");
    System.out.printf(
        Locale.ROOT,
        "analysis benchmark: max heap %d MiB, %d CPUs, %s%n",
        Runtime.getRuntime().maxMemory() / MIB,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.vm.name") + " " + Runtime.version());
    List<String> lines = new ArrayList<>();
    for (String size : sizes.split(",")) {
      long records = Long.parseLong(size.trim());
      Path dir = Files.createTempDirectory(base, "bench-analysis-");
      try {
        lines.add(run(dir, records));
      } finally {
        if (!keep) {
          delete(dir);
        }
      }
    }
    System.out.println();
    lines.forEach(System.out::println);
  }

  private static String run(Path dir, long records) throws IOException {
    long t0 = System.nanoTime();
    SyntheticRecording.Written w = SyntheticRecording.write(dir, records, 13);
    RunFolder.writeProperties(
        dir,
        new RunInfo("bench-" + records, "AnalysisBenchmark", Map.of()),
        AnalysisSettings.defaults().withTriggerKind("patroni-switchover"));
    double writeS = (System.nanoTime() - t0) / 1e9;
    long bytes = Files.size(dir.resolve("requests.bin"));
    System.out.printf(
        Locale.ROOT,
        "wrote %,d records (%.2f GB, %.1f h of run, %d failovers, %,d heartbeat rows) in %.1f s"
            + " to %s%n",
        w.records(),
        bytes / 1e9,
        w.durationMicros() / 3.6e9,
        w.failovers(),
        w.heartbeatRows(),
        writeS,
        dir);
    HeapWatch heap = new HeapWatch();
    long start = System.nanoTime();
    DowntimeReport report = RunFolder.analyze(dir);
    double seconds = (System.nanoTime() - start) / 1e9;
    long liveAfterGcPeak = heap.stop();
    System.gc();
    long liveWithReport = heap.usedNow();
    long windows = report.endpoints().values().stream().mapToLong(e -> e.windows().size()).sum();
    EndpointReport direct = report.endpoints().get("direct");
    System.out.printf(
        Locale.ROOT,
        "  analysed: %d endpoints, %d windows, %d rounds, direct p99 %.3f ms, heartbeat lost %d%n",
        report.endpoints().size(),
        windows,
        report.rounds().size(),
        direct.latencyAll().p99Ms(),
        report.heartbeat().values().stream().mapToLong(h -> h.lost()).sum());
    return String.format(
        Locale.ROOT,
        "%,13d records: %,11.0f records/s, wall %6.1f s, peak heap after GC %4d MiB (live with"
            + " the report, at the end: %d MiB)",
        w.records(),
        w.records() / seconds,
        seconds,
        liveAfterGcPeak / MIB,
        liveWithReport / MIB);
  }

  /** Heap in use after each collection while it watches, from the GC beans' notifications. */
  private static final class HeapWatch {
    private final AtomicLong maxAfterGc = new AtomicLong();
    private final List<Runnable> removals = new ArrayList<>();

    HeapWatch() {
      System.gc();
      maxAfterGc.set(usedNow());
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        pool.resetPeakUsage();
      }
      for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
        NotificationEmitter emitter = (NotificationEmitter) gc;
        NotificationListener listener =
            (n, handback) -> {
              if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(
                  n.getType())) {
                var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                long used = 0;
                for (MemoryUsage u : info.getGcInfo().getMemoryUsageAfterGc().values()) {
                  used += u.getUsed();
                }
                // non-heap pools (metaspace, code cache) are in the map too: count heap only
                used -= nonHeapUsed(info.getGcInfo().getMemoryUsageAfterGc());
                maxAfterGc.accumulateAndGet(used, Math::max);
              }
            };
        emitter.addNotificationListener(listener, null, null);
        removals.add(
            () -> {
              try {
                emitter.removeNotificationListener(listener);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
      }
    }

    long stop() {
      removals.forEach(Runnable::run);
      return maxAfterGc.get();
    }

    long usedNow() {
      return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static long nonHeapUsed(Map<String, MemoryUsage> afterGc) {
      long used = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        MemoryUsage u = afterGc.get(pool.getName());
        if (u != null && pool.getType() != MemoryType.HEAP) {
          used += u.getUsed();
        }
      }
      return used;
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
