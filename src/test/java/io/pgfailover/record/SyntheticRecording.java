package io.pgfailover.record;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A run folder as a long business run on the lab would leave it, of any size, written through the
 * project's own {@link Recorder} (so in its format, and nearly in end order as it writes): three
 * writer endpoints, each with its probe every 10 ms and nine pooled requests per 10 ms (3,000
 * records a second in all, 100 million in 9.3 hours), a switchover every 5 minutes with an outage
 * of 1.5 to 2.6 s per endpoint (probe and workload failing, the workload longer), a 250 ms stall of
 * every endpoint 10 s after each, two acknowledged heartbeats lost on {@code proxy} and one
 * indeterminate on {@code haproxy} per failover, and one record in 2,000 written up to 20 ms late.
 * Its {@value HeartbeatFile#FILE_NAME} holds the rows found "on the primary".
 */
public final class SyntheticRecording {
  public static final List<String> ENDPOINTS = List.of("direct", "proxy", "haproxy");

  private static final long TICK_MICROS = 10_000;
  private static final int WORKLOAD_PER_TICK = 9;
  private static final long FIRST_FAILOVER_MICROS = 60_000_000L;
  private static final long FAILOVER_EVERY_MICROS = 300_000_000L;
  private static final long MEASURE_START_MICROS = 10_000_000L;
  private static final long[] PATH_OUTAGE_MICROS = {1_500_000, 2_000_000, 1_600_000};
  private static final long[] POOL_EXTRA_MICROS = {300_000, 0, 1_000_000};
  private static final long STALL_AFTER_MICROS = 10_000_000L;
  private static final long STALL_MICROS = 250_000L;
  private static final long T0 = 1_796_000_000_000_000L;

  /** What was written. */
  public record Written(long records, long durationMicros, int failovers, long heartbeatRows) {}

  private final Recorder recorder;
  private final SplittableRandom random;
  private final int[] ids = new int[ENDPOINTS.size()];
  private final int[] ops = new int[3];
  private int probe;
  private final long[] seq = new long[ENDPOINTS.size()];
  private final List<long[]> late = new ArrayList<>();
  private final long[][] tick = new long[ENDPOINTS.size() * (WORKLOAD_PER_TICK + 1)][];
  private final BufferedWriter[] rows = new BufferedWriter[ENDPOINTS.size()];
  private long written;
  private long target;
  private long lastEnd;
  private long rowCount;

  private SyntheticRecording(Recorder recorder, long seed) {
    this.recorder = recorder;
    this.random = new SplittableRandom(seed);
  }

  /** Writes about {@code records} records (a whole number of 10 ms ticks) into {@code dir}. */
  public static Written write(Path dir, long records, long seed) throws IOException {
    Files.createDirectories(dir);
    Written w;
    try (Recorder recorder = Recorder.open(dir)) {
      w = new SyntheticRecording(recorder, seed).run(dir, records);
    }
    return w;
  }

  private Written run(Path dir, long records) throws IOException {
    for (int e = 0; e < ids.length; e++) {
      ids[e] = recorder.endpoint(ENDPOINTS.get(e), "writer");
      rows[e] = Files.newBufferedWriter(dir.resolve("heartbeat-" + e + ".tmp"));
    }
    ops[0] = recorder.operation("business", "list_users", OperationKind.READ);
    ops[1] = recorder.operation("business", "create_order", OperationKind.WRITE);
    ops[2] = recorder.operation("business", "order_transaction", OperationKind.TRANSACTION);
    probe = recorder.operation("heartbeat", "heartbeat", OperationKind.WRITE);
    recorder.markProbe(probe);
    for (int i = 0; i < tick.length; i++) {
      tick[i] = new long[9]; // start, end, endpoint, op, error, acquire, seq, late until, row
    }
    event(EventName.LOAD_START, 0, 0, "");
    event(EventName.MEASURE_START, MEASURE_START_MICROS, 0, "");
    // a stall costs 25 ticks of every 30,000: a few more ticks, and the stream stops at records
    long ticks = Math.max(1, (long) Math.ceil(records / (double) tick.length / 0.997));
    long end = ticks * TICK_MICROS;
    int failovers = 0;
    for (long at = FIRST_FAILOVER_MICROS; at < end - 30_000_000L; at += FAILOVER_EVERY_MICROS) {
      failovers++;
      event(EventName.FAILOVER_START, at - 10_000, failovers, "patroni-switchover");
      event(EventName.ASKED, at, 0, "switchover");
      event(EventName.NEW_PRIMARY_SEEN, at + 1_200_000, 0, "");
      event(EventName.CLUSTER_SETTLED, at + 6_000_000, failovers, "");
    }
    this.target = records;
    for (long t = 0; t < ticks && written + late.size() < records; t++) {
      tick(t * TICK_MICROS, failovers);
    }
    for (long[] r : late) {
      emit(r);
    }
    event(EventName.LOAD_STOP, lastEnd, 0, "");
    for (BufferedWriter w : rows) {
      w.close();
    }
    try (Writer out =
        Files.newBufferedWriter(
            dir.resolve(HeartbeatFile.FILE_NAME),
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      for (int e = 0; e < rows.length; e++) {
        Path part = dir.resolve("heartbeat-" + e + ".tmp");
        try (var in = Files.newBufferedReader(part)) {
          in.transferTo(out);
        }
        Files.delete(part);
      }
    }
    return new Written(written, lastEnd, failovers, rowCount);
  }

  /** The records ending in one 10 ms tick, all endpoints, in end order. */
  private void tick(long from, int failovers) throws IOException {
    long sinceFirst = from - FIRST_FAILOVER_MICROS;
    int round = sinceFirst < 0 ? -1 : (int) (sinceFirst / FAILOVER_EVERY_MICROS);
    long asked = FIRST_FAILOVER_MICROS + (long) round * FAILOVER_EVERY_MICROS;
    boolean inRounds = round >= 0 && round < failovers;
    int n = 0;
    for (int e = 0; e < ids.length; e++) {
      long down = inRounds ? asked + 200_000 : Long.MAX_VALUE;
      long pathUp = inRounds ? down + PATH_OUTAGE_MICROS[e] : Long.MIN_VALUE;
      long loadUp = pathUp + POOL_EXTRA_MICROS[e];
      long stall = inRounds ? asked + STALL_AFTER_MICROS : Long.MIN_VALUE;
      for (int k = 0; k <= WORKLOAD_PER_TICK; k++) {
        long end = from + random.nextLong(TICK_MICROS);
        if (end >= stall && end < stall + STALL_MICROS) {
          continue; // nothing completes during a stall
        }
        boolean isProbe = k == 0;
        long[] r = tick[n++];
        boolean failing = end >= down && end < (isProbe ? pathUp : loadUp);
        long latency = isProbe ? 600 + random.nextLong(1_400) : 1_000 + random.nextLong(7_000);
        r[0] = end - latency;
        r[1] = end;
        r[2] = ids[e];
        r[3] = isProbe ? probe : ops[random.nextInt(ops.length)];
        r[4] = failing ? errorOf(isProbe, e) : ErrorClass.NONE.ordinal();
        r[5] = r[4] == ErrorClass.POOL_TIMEOUT.ordinal() ? latency : random.nextLong(200);
        r[6] = isProbe ? ++seq[e] : -1;
        r[8] = isProbe && onPrimary(e, r, down, inRounds) ? 1 : 0;
      }
    }
    sortByEnd(n);
    for (int i = 0; i < n && written + late.size() < target; i++) {
      long[] r = tick[i];
      while (!late.isEmpty() && late.get(0)[7] <= r[1]) {
        emit(late.remove(0));
      }
      if (random.nextInt(2_000) == 0) {
        long[] held = r.clone();
        held[7] = r[1] + random.nextLong(20_000); // written after records ending up to 20 ms later
        late.add(held);
        late.sort((x, y) -> Long.compare(x[7], y[7]));
      } else {
        emit(r);
      }
    }
  }

  private int errorOf(boolean isProbe, int endpoint) {
    if (isProbe) {
      return ErrorClass.CONNECT_FAILED.ordinal();
    }
    int pick = random.nextInt(10);
    if (pick < 5) {
      return ErrorClass.CONNECTION_LOST.ordinal();
    }
    if (pick < 8) {
      return endpoint == 1 ? ErrorClass.SHUTDOWN.ordinal() : ErrorClass.POOL_TIMEOUT.ordinal();
    }
    return ErrorClass.READ_ONLY.ordinal();
  }

  private static String sqlStateOf(int errorOrdinal) {
    return switch (ErrorClass.ofOrdinal(errorOrdinal)) {
      case CONNECT_FAILED -> "08001";
      case CONNECTION_LOST -> "08006";
      case SHUTDOWN -> "57P01";
      case READ_ONLY -> "25006";
      default -> null;
    };
  }

  /**
   * Whether an attempt left its row on the primary: every acked one, but for two lost on proxy (the
   * last two acked before each outage), and one failed on haproxy (indeterminate) per outage.
   */
  private static boolean onPrimary(int e, long[] r, long down, boolean inRounds) {
    boolean ok = r[4] == ErrorClass.NONE.ordinal();
    long end = r[1];
    boolean lost = inRounds && e == 1 && ok && end >= down - 20_000 && end < down;
    boolean indeterminate = inRounds && e == 2 && !ok && end < down + TICK_MICROS;
    return (ok && !lost) || indeterminate;
  }

  private void sortByEnd(int n) {
    for (int i = 1; i < n; i++) {
      long[] x = tick[i];
      int j = i - 1;
      while (j >= 0 && tick[j][1] > x[1]) {
        tick[j + 1] = tick[j];
        j--;
      }
      tick[j + 1] = x;
    }
  }

  private void emit(long[] r) throws IOException {
    int error = (int) r[4];
    recorder.record(
        (int) r[2],
        (int) r[3],
        T0 + r[0],
        T0 + r[1],
        ErrorClass.ofOrdinal(error),
        RecordFormat.packSqlState(sqlStateOf(error)),
        r[6],
        r[5]);
    written++;
    lastEnd = Math.max(lastEnd, r[1]);
    if (r[8] == 1) {
      int e = (int) r[2];
      rows[e].write(ENDPOINTS.get(e) + "\t" + r[6] + "\t" + (T0 + r[1] - 300) + "\n");
      rowCount++;
    }
  }

  private void event(EventName name, long at, int round, String detail) {
    recorder.event(new FailoverEvent(name.label(), T0 + at, detail, round, null));
  }
}
