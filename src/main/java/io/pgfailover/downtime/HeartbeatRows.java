package io.pgfailover.downtime;

import io.pgfailover.record.HeartbeatFile;
import io.pgfailover.record.HeartbeatRow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The heartbeat rows found on the final primary, per endpoint: which sequences are there, and the
 * server's time of each (the earliest, should a sequence be there twice). This is the one part of
 * the analysis that grows with the run, since the lost-write check needs every row: 8 bytes per
 * row, at 100 rows a second per writer (three writers: 26 MiB for three hours, 76 MiB for 9.3
 * hours, 200 MiB for a day). Each endpoint's rows are let go once checked.
 */
final class HeartbeatRows {
  private final Map<String, ServerTimes> byEndpoint = new HashMap<>();

  /** The rows of a run folder, or null when it has no {@value HeartbeatFile#FILE_NAME}. */
  static @Nullable HeartbeatRows read(Path runDir) throws IOException {
    HeartbeatRows rows = new HeartbeatRows();
    return HeartbeatFile.forEach(runDir, rows::add) ? rows : null;
  }

  static @Nullable HeartbeatRows of(@Nullable List<HeartbeatRow> list) {
    if (list == null) {
      return null;
    }
    HeartbeatRows rows = new HeartbeatRows();
    list.forEach(r -> rows.add(r.endpoint(), r.seq(), r.serverEpochMicros()));
    return rows;
  }

  void add(String endpoint, long seq, long serverEpochMicros) {
    byEndpoint.computeIfAbsent(endpoint, e -> new ServerTimes()).put(seq, serverEpochMicros);
  }

  /** The endpoint's rows (empty when it has none), handed over: they are checked once. */
  ServerTimes take(String endpoint) {
    ServerTimes rows = byEndpoint.remove(endpoint);
    return rows != null ? rows : new ServerTimes();
  }

  /** Sequence -> earliest server time, in pages of 1024 sequences. */
  static final class ServerTimes {
    private static final int PAGE_BITS = 10;
    private static final long ABSENT = Long.MIN_VALUE;
    private final TreeMap<Long, long[]> pages = new TreeMap<>();
    private long lastKey = Long.MIN_VALUE;
    private long[] lastPage;
    private long size;

    void put(long seq, long serverMicros) {
      long key = seq >> PAGE_BITS;
      long[] page = key == lastKey ? lastPage : pages.get(key);
      if (page == null) {
        page = new long[1 << PAGE_BITS];
        Arrays.fill(page, ABSENT);
        pages.put(key, page);
      }
      lastKey = key;
      lastPage = page;
      int i = (int) (seq & ((1 << PAGE_BITS) - 1));
      if (page[i] == ABSENT) {
        size++;
        page[i] = serverMicros;
      } else {
        page[i] = Math.min(page[i], serverMicros);
      }
    }

    boolean contains(long seq) {
      long key = seq >> PAGE_BITS;
      long[] page = key == lastKey ? lastPage : pages.get(key);
      if (page == null) {
        return false;
      }
      lastKey = key;
      lastPage = page;
      return page[(int) (seq & ((1 << PAGE_BITS) - 1))] != ABSENT;
    }

    /** Distinct sequences. */
    long size() {
      return size;
    }

    void forEachSeq(LongConsumer action) {
      pages.forEach(
          (key, page) -> {
            for (int i = 0; i < page.length; i++) {
              if (page[i] != ABSENT) {
                action.accept((key << PAGE_BITS) + i);
              }
            }
          });
    }

    /**
     * Every server time, ascending; empties this, page by page as the times are copied, so the rows
     * are never held twice.
     */
    long[] drainSortedTimes() {
      long[] times = new long[Math.toIntExact(size)];
      int n = 0;
      for (Map.Entry<Long, long[]> e = pages.pollFirstEntry();
          e != null;
          e = pages.pollFirstEntry()) {
        for (long t : e.getValue()) {
          if (t != ABSENT) {
            times[n++] = t;
          }
        }
      }
      lastKey = Long.MIN_VALUE;
      lastPage = null;
      size = 0;
      Arrays.sort(times);
      return times;
    }
  }
}
