package io.pgfailover.bench;

import io.pgfailover.record.Recording;
import io.pgfailover.record.RequestRecord;
import io.pgfailover.workload.tpcb.TpcbSchema;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * pgbench against the Gatling TPC-B on the lab's primary, side by side, printed (bin/bench-tpcb).
 * Same scale, clients, duration and statements; pgbench {@code -M prepared -j 2}, Gatling in its
 * own JVM ({@link TpcbBenchSimulation}, recorded, after a JIT warm-up). CPU comes from /proc:
 * pgbench's through the shell's {@code times}, the JVM's from /proc/self/stat over the measured
 * window. Settings (system properties): bench.clients (4,8), bench.seconds (20), bench.warmup (40),
 * bench.pairs (3), bench.onOffPairs (3; 0 skips), bench.maxSteal (5: pairs with more steal % are
 * run again), bench.dslLoop (true: one more run per client count with Gatling's own loop and feed),
 * bench.synchronousCommit (off), bench.scale (10), bench.heapRequests (1000000; 0 skips the heap
 * run), bench.port (found), bench.jvmArgs (extra options of the Gatling JVM; {dir} is its run
 * folder).
 */
public final class TpcbBenchmark {
  private static final String PGBENCH = "/usr/lib/postgresql/15/bin/pgbench";
  private static final String DB = "failover";
  private static final String USER = "pgfailover";

  private final int seconds = Integer.getInteger("bench.seconds", 20);
  // with the cores saturated by PostgreSQL, C2 still took 17-22 % of the JVM's CPU 20-45 s after
  // the start; after a 40 s warm-up it is under 1 %
  private final int warmup = Integer.getInteger("bench.warmup", 40);
  private final int onOffPairs = Integer.getInteger("bench.onOffPairs", 3);
  private final int pairs = Integer.getInteger("bench.pairs", 3);
  private final int scale = Integer.getInteger("bench.scale", 10);
  // off by default: with durable commits both clients wait on this VM's fsync, whose latency
  // varies far more than client CPU does, and the comparison would measure the disk
  private final double maxSteal = Double.parseDouble(System.getProperty("bench.maxSteal", "5"));
  private final String synchronousCommit = System.getProperty("bench.synchronousCommit", "off");
  // one more run per client count with Gatling's own loop and feed, to show what the closed loop
  // saves
  private final boolean dslLoopRuns =
      Boolean.parseBoolean(System.getProperty("bench.dslLoop", "true"));
  private final long heapRequests = Long.getLong("bench.heapRequests", 1_000_000);
  private final String password = System.getenv().getOrDefault("FAILOVER_PASSWORD", "");
  private final Path work;
  private int port;

  private TpcbBenchmark(Path work) {
    this.work = work;
  }

  record Result(
      double tps,
      double p50Ms,
      double p99Ms,
      double cpuSecondsPer1000,
      double stealPercent,
      Properties window) {}

  public static void main(String[] args) throws Exception {
    TpcbBenchmark b = new TpcbBenchmark(Files.createTempDirectory("bench-tpcb"));
    b.run(
        Arrays.stream(System.getProperty("bench.clients", "4,8").split(","))
            .map(String::trim)
            .mapToInt(Integer::parseInt)
            .toArray());
  }

  private void run(int[] clientCounts) throws Exception {
    port = Integer.getInteger("bench.port", findPrimaryPort());
    PGSimpleDataSource ds = dataSource();
    long t0 = System.nanoTime();
    boolean loaded = TpcbSchema.prepare(ds, scale);
    System.out.printf(
        Locale.ROOT,
        "TPC-B benchmark %s on %s (%s, %d cores)%n",
        ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
        hostName(),
        cpuModel(),
        Runtime.getRuntime().availableProcessors());
    System.out.printf(
        Locale.ROOT,
        "lab primary 127.0.0.1:%d, scale %d (%s in %.1f s), %d s "
            + "measured per run; pgbench -M prepared -j 2 -l; Gatling JVM after %d s warm-up; "
            + "synchronous_commit=%s for both; before each run pgbench's own reset (vacuum branches "
            + "and tellers, empty history) and a checkpoint%n",
        port,
        scale,
        loaded ? "loaded" : "already there",
        (System.nanoTime() - t0) / 1e9,
        seconds,
        warmup,
        synchronousCommit);
    System.out.println("run folders (logs, pgbench logs, recordings): " + work);
    System.out.printf(
        "%-8s %-16s %10s %8s %8s %14s %7s%n",
        "clients", "client", "TPS", "p50 ms", "p99 ms", "CPU s/1000 tx", "steal");
    Map<Integer, double[]> ratios = new LinkedHashMap<>();
    Result lastGatling = null;
    int lastClients = 0;
    for (int clients : clientCounts) {
      // pgbench and Gatling alternate, and medians are compared: one 20 s run of either varies by
      // up to 20 % on this VM from one minute to the next, mostly with the hypervisor's steal.
      List<Double> pgTps = new ArrayList<>();
      List<Double> gTps = new ArrayList<>();
      for (Result[] pair :
          cleanPairs(
              i -> {
                Result pg = pgbench(clients);
                print(clients, "pgbench #" + (i + 1), pg);
                Result g = gatling(clients, true, "tpcb-like", 0, false, "g" + clients + "-" + i);
                print(clients, "gatling #" + (i + 1), g);
                return new Result[] {pg, g};
              },
              pairs)) {
        pgTps.add(pair[0].tps());
        gTps.add(pair[1].tps());
        lastGatling = pair[1];
      }
      if (dslLoopRuns) {
        print(
            clients,
            "gatling asLongAs",
            gatling(clients, true, "tpcb-like", 0, true, "dsl" + clients));
      }
      System.out.printf(
          Locale.ROOT,
          "%-8d median TPS of %d pairs: pgbench %.1f, gatling %.1f%n",
          clients,
          pgTps.size(),
          median(pgTps),
          median(gTps));
      ratios.put(clients, new double[] {median(gTps) / median(pgTps)});
      lastClients = clients;
    }
    System.out.printf(
        "Gatling JVM CPU by thread group (%d clients, share of the JVM's CPU): %s%n",
        lastClients, threadShares(lastGatling.window()));
    // Single runs of the same configuration vary by 5-10 % here (checkpoints, autovacuum), more
    // than recording costs: alternate off/on runs and compare medians.
    if (onOffPairs > 0) {
      recordingOnOff(lastClients);
    }
    if (heapRequests > 0) {
      Result heap = gatling(8, true, "select-only", heapRequests, false, "heap");
      Properties w = heap.window();
      System.out.printf(
          Locale.ROOT,
          "heap (select-only, 8 clients, %d requests recorded, %.0f "
              + "TPS): live heap after a full GC at half-way %.1f MiB, at the end %.1f MiB%n",
          Long.parseLong(w.getProperty("recorded")),
          heap.tps(),
          Long.parseLong(w.getProperty("heapMid")) / 1048576.0,
          Long.parseLong(w.getProperty("heapEnd")) / 1048576.0);
    }
    StringBuilder last =
        new StringBuilder(
            "TPS ratio Gatling/pgbench (medians of up to "
                + pairs
                + " alternating pairs with steal <= "
                + (int) maxSteal
                + " %):");
    ratios.forEach((c, r) -> last.append(String.format(Locale.ROOT, " %d clients %.3f;", c, r[0])));
    System.out.println(last.substring(0, last.length() - 1));
  }

  private void recordingOnOff(int clients) throws Exception {
    List<Double> offTps = new ArrayList<>();
    List<Double> onTps = new ArrayList<>();
    List<Double> offCpu = new ArrayList<>();
    List<Double> onCpu = new ArrayList<>();
    for (Result[] pair :
        cleanPairs(
            i -> {
              Result off = gatling(clients, false, "tpcb-like", 0, false, "off" + i);
              Result on = gatling(clients, true, "tpcb-like", 0, false, "on" + i);
              System.out.printf(
                  Locale.ROOT,
                  "recording off/on #%d: %.1f / %.1f TPS, steal %.1f / %.1f %%%n",
                  i + 1,
                  off.tps(),
                  on.tps(),
                  off.stealPercent(),
                  on.stealPercent());
              return new Result[] {off, on};
            },
            onOffPairs)) {
      offTps.add(pair[0].tps());
      onTps.add(pair[1].tps());
      offCpu.add(pair[0].cpuSecondsPer1000());
      onCpu.add(pair[1].cpuSecondsPer1000());
    }
    System.out.printf(
        Locale.ROOT,
        "recording on vs off (%d clients, tpcb-like, median of %d "
            + "alternating pairs with steal <= %.0f %%): on %.1f TPS, off %.1f TPS, ratio %.3f (CPU "
            + "s/1000 tx on %.3f, off %.3f; TPS on %s, off %s)%n",
        clients,
        onTps.size(),
        maxSteal,
        median(onTps),
        median(offTps),
        median(onTps) / median(offTps),
        median(onCpu),
        median(offCpu),
        rounded(onTps),
        rounded(offTps));
  }

  interface PairRun {
    Result[] run(int index) throws Exception;
  }

  /**
   * Runs pairs until {@code wanted} of them had at most {@code bench.maxSteal} % steal in both runs
   * (at most twice {@code wanted} pairs), and returns those. A pair the hypervisor took CPU from
   * compares the load on different machines; if no pair was clean, all are returned.
   */
  private List<Result[]> cleanPairs(PairRun run, int wanted) throws Exception {
    List<Result[]> clean = new ArrayList<>();
    List<Result[]> all = new ArrayList<>();
    for (int i = 0; clean.size() < wanted && i < 2 * wanted; i++) {
      Result[] pair = run.run(i);
      all.add(pair);
      if (Math.max(pair[0].stealPercent(), pair[1].stealPercent()) <= maxSteal) {
        clean.add(pair);
      } else {
        System.out.printf(
            Locale.ROOT, "         pair #%d not counted: steal above %.0f %%%n", i + 1, maxSteal);
      }
    }
    if (clean.isEmpty()) {
      System.out.println("         no pair ran without steal: all are counted");
      return all;
    }
    return clean;
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static String rounded(List<Double> values) {
    return values.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList().toString();
  }

  private static void print(int clients, String client, Result r) {
    System.out.printf(
        Locale.ROOT,
        "%-8d %-16s %10.1f %8.2f %8.2f %14.3f %6.1f%%%n",
        clients,
        client,
        r.tps(),
        r.p50Ms(),
        r.p99Ms(),
        r.cpuSecondsPer1000(),
        r.stealPercent());
  }

  private Result pgbench(int clients) throws Exception {
    resetTables();
    Path dir = Files.createDirectories(work.resolve("pgbench" + clients));
    String script =
        "cd '"
            + dir
            + "' && "
            + PGBENCH
            + " -M prepared -n -c "
            + clients
            + " -j 2 -T "
            + seconds
            + " -l -h 127.0.0.1 -p "
            + port
            + " -U "
            + USER
            + " "
            + DB
            + " > pgbench.out 2>&1; rc=$?; times > times.out; exit $rc";
    ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true);
    pb.environment().put("PGPASSWORD", password);
    pb.environment().put("PGOPTIONS", "-c synchronous_commit=" + synchronousCommit);
    long[] machineStart = CpuSample.machineTicks();
    Process p = pb.start();
    p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
    if (!p.waitFor(seconds + 120L, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException(
          "pgbench failed:\n" + Files.readString(dir.resolve("pgbench.out")));
    }
    double steal = CpuSample.stealPercent(machineStart, CpuSample.machineTicks());
    String out = Files.readString(dir.resolve("pgbench.out"));
    Matcher tps = Pattern.compile("tps = ([0-9.]+) \\(without").matcher(out);
    Matcher done =
        Pattern.compile("number of transactions actually processed: (\\d+)").matcher(out);
    if (!tps.find() || !done.find()) {
      throw new IllegalStateException("unexpected pgbench output:\n" + out);
    }
    // "times": the shell's own line, then its children's user and system time
    String[] children = Files.readAllLines(dir.resolve("times.out")).get(1).trim().split("\\s+");
    double cpu = shellSeconds(children[0]) + shellSeconds(children[1]);
    List<Long> latencies = new ArrayList<>();
    try (Stream<Path> logs = Files.list(dir)) {
      for (Path log :
          logs.filter(f -> f.getFileName().toString().startsWith("pgbench_log")).toList()) {
        for (String line : Files.readAllLines(log)) {
          latencies.add(Long.parseLong(line.split(" ")[2]));
        }
      }
    }
    long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    long n = Long.parseLong(done.group(1));
    return new Result(
        Double.parseDouble(tps.group(1)),
        pct(sorted, 0.50) / 1000.0,
        pct(sorted, 0.99) / 1000.0,
        cpu * 1000 / n,
        steal,
        new Properties());
  }

  /**
   * One Gatling run in its own JVM. {@code gatlingLoop}: the user loops with Gatling's asLongAs and
   * feed instead of the product's closed loop on the worker thread (for comparison only).
   */
  private Result gatling(
      int clients,
      boolean record,
      String mode,
      long untilRecorded,
      boolean gatlingLoop,
      String name)
      throws Exception {
    resetTables();
    Path dir = Files.createDirectories(work.resolve(name));
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1G",
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "-Dbench.dir=" + dir,
                "-Dbench.clients=" + clients,
                "-Dbench.record=" + record,
                "-Dbench.mode=" + mode,
                "-Dbench.gatlingLoop=" + gatlingLoop,
                "-Dbench.scale=" + scale,
                "-Dbench.warmup=" + warmup,
                "-Dbench.seconds=" + seconds,
                "-Dbench.untilRecorded=" + untilRecorded,
                "-Dbench.url=jdbc:postgresql://127.0.0.1:"
                    + port
                    + "/"
                    + DB
                    + "?options=-c%20synchronous_commit%3D"
                    + synchronousCommit,
                "-Dbench.user=" + USER,
                "-Dlogback.configurationFile=" + Path.of("bin/lib/logback.xml").toAbsolutePath(),
                "-cp",
                System.getProperty("java.class.path")));
    // extra JVM options for the Gatling side, e.g. a profiler:
    // -Dbench.jvmArgs="-XX:StartFlightRecording=..."
    for (String arg : System.getProperty("bench.jvmArgs", "").split("\\s+")) {
      if (!arg.isBlank()) {
        command.add(1, arg.replace("{dir}", dir.toString()));
      }
    }
    command.addAll(
        List.of(
            "io.gatling.app.Gatling",
            "--simulation",
            TpcbBenchSimulation.class.getName(),
            "--results-folder",
            dir.resolve("gatling").toString(),
            "--no-reports"));
    Path log = dir.resolve("gatling.log");
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(warmup + seconds + 20L * 60, TimeUnit.SECONDS)
        || p.exitValue() != 0
        || !Files.exists(dir.resolve("window.properties"))) {
      p.destroyForcibly();
      String text = Files.readString(log);
      throw new IllegalStateException(
          "the Gatling run failed:\n" + text.substring(Math.max(0, text.length() - 5000)));
    }
    Properties w = new Properties();
    try (Reader r = Files.newBufferedReader(dir.resolve("window.properties"))) {
      w.load(r);
    }
    long ok = Long.parseLong(w.getProperty("okEnd")) - Long.parseLong(w.getProperty("okStart"));
    long start = Long.parseLong(w.getProperty("startMicros"));
    long end = Long.parseLong(w.getProperty("endMicros"));
    double cpu = Long.parseLong(w.getProperty("cpuTicks")) / CpuSample.TICKS_PER_SECOND;
    double p50 = Double.NaN;
    double p99 = Double.NaN;
    if (record) {
      Recording recording = Recording.read(dir.resolve("recording"));
      long[] sorted =
          recording.records().stream()
              .filter(x -> x.ok() && x.endMicros() >= start && x.endMicros() < end)
              .mapToLong(RequestRecord::latencyMicros)
              .sorted()
              .toArray();
      p50 = pct(sorted, 0.50) / 1000.0;
      p99 = pct(sorted, 0.99) / 1000.0;
    }
    return new Result(
        ok / ((end - start) / 1e6),
        p50,
        p99,
        cpu * 1000 / ok,
        Double.parseDouble(w.getProperty("stealPercent")),
        w);
  }

  private static String threadShares(Properties w) {
    Map<String, Long> groups = new LinkedHashMap<>();
    long total = 0;
    for (String key : w.stringPropertyNames()) {
      if (key.startsWith("thread.")) {
        long ticks = Long.parseLong(w.getProperty(key));
        groups.put(key.substring(7), ticks);
        total += ticks;
      }
    }
    long sum = total;
    StringBuilder out = new StringBuilder();
    groups.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(8)
        .forEach(
            e ->
                out.append(
                    String.format(
                        Locale.ROOT,
                        "%s %.0f %%, ",
                        e.getKey(),
                        100.0 * e.getValue() / Math.max(1, sum))));
    return out.length() > 2 ? out.substring(0, out.length() - 2) : "-";
  }

  private static double pct(long[] sorted, double q) {
    return sorted.length == 0
        ? Double.NaN
        : sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
  }

  private static double shellSeconds(String text) {
    Matcher m = Pattern.compile("(\\d+)m([0-9.]+)s").matcher(text);
    if (!m.matches()) {
      throw new IllegalStateException("unexpected times output: " + text);
    }
    return Integer.parseInt(m.group(1)) * 60 + Double.parseDouble(m.group(2));
  }

  private int findPrimaryPort() throws Exception {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(
        "jdbc:postgresql://127.0.0.1:15432,127.0.0.1:15433,127.0.0.1:15434/"
            + DB
            + "?targetServerType=primary");
    ds.setUser(USER);
    ds.setPassword(password);
    ds.setConnectTimeout(3);
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT inet_server_port()")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /**
   * What pgbench does before a run unless given -n (which the benchmark gives it): vacuum the
   * branches and tellers and empty the history, plus a checkpoint, so each run of either client
   * starts from the same state instead of inheriting the previous run's dead rows and dirty pages.
   */
  private void resetTables() throws Exception {
    try (Connection c = dataSource().getConnection();
        Statement s = c.createStatement()) {
      s.execute("VACUUM pgbench_branches");
      s.execute("VACUUM pgbench_tellers");
      s.execute("TRUNCATE pgbench_history");
      s.execute("CHECKPOINT"); // the lab's client role has pg_checkpoint
    }
  }

  private PGSimpleDataSource dataSource() {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL("jdbc:postgresql://127.0.0.1:" + port + "/" + DB);
    ds.setUser(USER);
    ds.setPassword(password);
    return ds;
  }

  private static String hostName() throws IOException {
    return Files.readString(Path.of("/proc/sys/kernel/hostname"), StandardCharsets.UTF_8).trim();
  }

  private static String cpuModel() throws IOException {
    return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
        .filter(l -> l.startsWith("model name"))
        .map(l -> l.substring(l.indexOf(':') + 1).trim())
        .findFirst()
        .orElse("unknown CPU");
  }
}
