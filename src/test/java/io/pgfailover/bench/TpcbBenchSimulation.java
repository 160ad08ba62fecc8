package io.pgfailover.bench;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.pgfailover.gatling.FailoverDsl.jdbc;
import static io.pgfailover.gatling.FailoverDsl.sql;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.pgfailover.config.EndpointSettings;
import io.pgfailover.config.PoolSettings;
import io.pgfailover.config.Secret;
import io.pgfailover.endpoint.Endpoint;
import io.pgfailover.gatling.JdbcRuntime;
import io.pgfailover.record.Recorder;
import io.pgfailover.record.RunClock;
import io.pgfailover.workload.SqlOperation;
import io.pgfailover.workload.tpcb.PgbenchScript;
import io.pgfailover.workload.tpcb.TpcbWorkload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The benchmark's Gatling side (run by {@link TpcbBenchmark} in its own JVM): the TPC-B operation
 * and feeder of the product on one endpoint, no heartbeat, no trigger; {@code bench.record} chooses
 * whether the product's action also writes its records ({@code Recorder.open(dir, false)} keeps
 * only the live counters, so the difference is exactly what recording costs). After {@code
 * bench.warmup} seconds it measures {@code bench.seconds}: completions, this JVM's CPU
 * (/proc/self), CPU per thread group and (with {@code bench.heap}) the live heap after a full GC at
 * mid-run and at the end, into {@code bench.dir}/window.properties.
 */
public class TpcbBenchSimulation extends Simulation {
  private final Path dir = Path.of(System.getProperty("bench.dir"));
  private final int clients = Integer.getInteger("bench.clients", 4);
  private final boolean record = Boolean.parseBoolean(System.getProperty("bench.record", "true"));
  private final boolean heap = Boolean.getBoolean("bench.heap");
  private final boolean gatlingLoop = Boolean.getBoolean("bench.gatlingLoop");
  private final long warmupMs = Long.getLong("bench.warmup", 5) * 1000;
  private final long untilRecorded = Long.getLong("bench.untilRecorded", 0);
  private final long measureMs = Long.getLong("bench.seconds", 20) * 1000;
  private final Endpoint endpoint =
      Endpoint.open(
          new EndpointSettings(
              "direct",
              System.getProperty("bench.url"),
              EndpointSettings.Role.WRITER,
              System.getProperty("bench.user", "pgfailover"),
              Secret.of(System.getenv().getOrDefault("FAILOVER_PASSWORD", "")),
              clients),
          new PoolSettings(
              clients,
              Duration.ofSeconds(2),
              Duration.ofSeconds(10),
              Duration.ofSeconds(5),
              Duration.ofSeconds(3)));
  private final Recorder recorder = Recorder.open(dir.resolve("recording"), record);
  private final JdbcRuntime runtime = new JdbcRuntime(recorder);
  private final TpcbWorkload workload =
      new TpcbWorkload(
          PgbenchScript.builtin(System.getProperty("bench.mode", "tpcb-like")),
          Integer.getInteger("bench.scale", 10));
  private volatile boolean running = true;
  private final int endpointId = recorder.endpoint("direct", "writer");

  {
    SqlOperation op = workload.weightedOperations().get(0).operation();
    // as TpcbFailover builds it (Scenarios.weighted at pace 0), or with Gatling's own loop and feed
    ScenarioBuilder scenario =
        gatlingLoop
            ? scenario("tpcb direct")
                .asLongAs(s -> running)
                .on(feed(workload.feeder()).exec(sql(endpoint, op)))
            : scenario("tpcb direct")
                .exec(sql(endpoint, op).feed(workload.feeder()).repeatWhile(() -> running));
    setUp(scenario.injectOpen(atOnceUsers(clients)))
        .protocols(jdbc(runtime))
        .maxDuration(
            Duration.ofMillis(
                warmupMs + measureMs + (untilRecorded > 0 ? 15 * 60_000 : 0) + 60_000));
  }

  private long completed() {
    return recorder.okCount(endpointId);
  }

  @Override
  public void before() {
    Thread control = new Thread(this::measure, "bench-control");
    control.setDaemon(true);
    control.start();
  }

  private void measure() {
    try {
      Thread.sleep(warmupMs);
      long okStart = completed();
      long startMicros = RunClock.nowMicros();
      CpuSample cpuStart = CpuSample.now();
      long[] machineStart = CpuSample.machineTicks();
      long heapMid = -1;
      if (untilRecorded > 0) {
        // run length given in records: the heap is sampled half-way and at the end
        awaitRecorded(untilRecorded / 2);
        heapMid = liveHeap();
        awaitRecorded(untilRecorded);
      } else if (heap) {
        Thread.sleep(measureMs / 2);
        heapMid = liveHeap();
        Thread.sleep(measureMs - measureMs / 2);
      } else {
        Thread.sleep(measureMs);
      }
      long okEnd = completed();
      long endMicros = RunClock.nowMicros();
      CpuSample cpuEnd = CpuSample.now();
      double steal = CpuSample.stealPercent(machineStart, CpuSample.machineTicks());
      long heapEnd = heap || untilRecorded > 0 ? liveHeap() : -1;
      running = false;
      List<String> lines =
          new ArrayList<>(
              List.of(
                  "okStart=" + okStart,
                  "okEnd=" + okEnd,
                  "startMicros=" + startMicros,
                  "endMicros=" + endMicros,
                  "cpuTicks=" + (cpuEnd.processTicks() - cpuStart.processTicks()),
                  "recorded=" + recorder.recordedCount(),
                  "stealPercent=" + steal,
                  "heapMid=" + heapMid,
                  "heapEnd=" + heapEnd));
      for (Map.Entry<String, Long> e : cpuEnd.byThreadGroup().entrySet()) {
        long delta = e.getValue() - cpuStart.byThreadGroup().getOrDefault(e.getKey(), 0L);
        if (delta > 0) {
          lines.add("thread." + e.getKey().replace(' ', '_').replace(':', '_') + "=" + delta);
        }
      }
      Files.write(dir.resolve("window.properties"), lines);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    } catch (IOException e) {
      running = false;
      throw new UncheckedIOException(e);
    }
  }

  private void awaitRecorded(long n) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 15 * 60_000;
    while (recorder.recordedCount() < n && System.currentTimeMillis() < deadline) {
      Thread.sleep(100);
    }
  }

  private static long liveHeap() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  @Override
  public void after() {
    runtime.close();
    recorder.close();
    endpoint.close();
  }
}
