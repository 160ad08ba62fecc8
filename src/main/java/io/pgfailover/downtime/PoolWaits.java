package io.pgfailover.downtime;

import io.pgfailover.record.ErrorClass;
import io.pgfailover.record.RecordView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Attributes each workload window against the path (issue 9, item 3): when the path was back, when
 * the pool handed out the connection that ended the window, and how long requests waited for the
 * pool in between. The workload's records are gathered per window in the second pass ({@link
 * Accumulator}), before the path's windows are classified; the attribution is made after.
 */
final class PoolWaits {
  private PoolWaits() {}

  /**
   * @param workloadWindows the workload's windows, classified
   * @param pathWindows the probe's windows, classified
   * @param gathered per workload window, what its records showed
   */
  static List<DowntimeWindow> attribute(
      List<DowntimeWindow> workloadWindows,
      List<DowntimeWindow> pathWindows,
      Accumulator[] gathered) {
    List<DowntimeWindow> out = new ArrayList<>(workloadWindows.size());
    for (int i = 0; i < workloadWindows.size(); i++) {
      DowntimeWindow w = workloadWindows.get(i);
      out.add(w.withPoolWait(of(w, pathWindows, gathered[i])));
    }
    return out;
  }

  /** Null when there is nothing to attribute: the workload or its path never came back. */
  private static PoolWait of(DowntimeWindow w, List<DowntimeWindow> pathWindows, Accumulator g) {
    if (w.openEnd()) {
      return null;
    }
    long a = w.startEpochMicros();
    long b = w.endEpochMicros();
    // the path's outages only: a path stall inside the workload's window is not its return
    List<DowntimeWindow> overlapping =
        pathWindows.stream()
            .filter(p -> p.kind() == WindowKind.OUTAGE)
            .filter(p -> p.startEpochMicros() < b && p.endEpochMicros() > a)
            .toList();
    if (overlapping.stream().anyMatch(DowntimeWindow::openEnd)) {
      return null;
    }
    Long pathBack =
        overlapping.stream().map(DowntimeWindow::endEpochMicros).max(Long::compare).orElse(null);
    long pathUp = pathBack != null ? pathBack : a;
    Long asked = w.triggerAskedEpochMicros();
    Long connected = g.connected();
    return new PoolWait(
        pathBack,
        relative(pathBack, asked),
        Maps.ms(b - pathUp),
        connected,
        relative(connected, asked),
        Maps.ms(g.waits.lengthFrom(pathUp)),
        g.timeoutEnds.size,
        g.timeoutEnds.countAbove(pathUp));
  }

  private static Double relative(Long micros, Long asked) {
    return micros == null || asked == null ? null : Maps.ms(micros - asked);
  }

  /**
   * What one workload window's records showed: the connection time of the success that ended it,
   * its pool timeouts, and the times requests spent waiting for a connection inside it (clipped to
   * the window, merged as they come, so their number stays that of the distinct waits).
   */
  static final class Accumulator {
    private final long a;
    private final long b;
    private long connectedStart = Long.MAX_VALUE;
    private long connectedAcquired;
    private boolean connectedKnown;
    private final Longs timeoutEnds = new Longs();
    private final Intervals waits = new Intervals();

    Accumulator(WindowFinder.Span span) {
      this.a = span.startMicros();
      this.b = span.endMicros();
    }

    /** A workload record that ended in (previous window's end, this window's end]. */
    void ending(RecordView r) {
      long end = r.endMicros();
      if (r.ok() && end == b && r.startMicros() < connectedStart) {
        // the first success at b in end-then-start order ended the window
        connectedStart = r.startMicros();
        connectedKnown = r.hasAcquire();
        connectedAcquired = r.acquiredMicros();
      }
      if (!r.ok() && r.errorClass() == ErrorClass.POOL_TIMEOUT && end > a && end <= b) {
        timeoutEnds.add(end);
      }
    }

    /** A workload request that waited for its connection from start to acquired. */
    void waited(long start, long acquired) {
      if (start < b && acquired > a) {
        waits.add(Math.max(start, a), Math.min(acquired, b));
      }
    }

    private Long connected() {
      return connectedStart != Long.MAX_VALUE && connectedKnown ? connectedAcquired : null;
    }
  }

  /** A growable list of longs. */
  private static class Longs {
    long[] values = new long[16];
    int size;

    void add(long v) {
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = v;
    }

    long countAbove(long min) {
      long n = 0;
      for (int i = 0; i < size; i++) {
        if (values[i] > min) {
          n++;
        }
      }
      return n;
    }
  }

  /** Intervals [from, to], merged whenever their list doubles. */
  static final class Intervals {
    private final Longs from = new Longs();
    private final Longs to = new Longs();
    private int merged = 64;

    void add(long start, long end) {
      if (end <= start) {
        return;
      }
      from.add(start);
      to.add(end);
      if (from.size >= 2 * merged) {
        merge();
        merged = Math.max(64, from.size);
      }
    }

    /** Total length of the union of the intervals, each clipped to [min, +inf). */
    long lengthFrom(long min) {
      merge();
      long total = 0;
      for (int i = 0; i < from.size; i++) {
        long f = Math.max(from.values[i], min);
        if (to.values[i] > f) {
          total += to.values[i] - f;
        }
      }
      return total;
    }

    /** Sorts by start and merges overlapping or touching intervals, in place. */
    private void merge() {
      int n = from.size;
      Integer[] order = new Integer[n];
      Arrays.setAll(order, i -> i);
      Arrays.sort(order, (x, y) -> Long.compare(from.values[x], from.values[y]));
      long[] f = new long[Math.max(16, n)];
      long[] t = new long[Math.max(16, n)];
      int m = 0;
      for (int idx : order) {
        long s = from.values[idx];
        long e = to.values[idx];
        if (m > 0 && s <= t[m - 1]) {
          t[m - 1] = Math.max(t[m - 1], e);
        } else {
          f[m] = s;
          t[m] = e;
          m++;
        }
      }
      from.values = f;
      from.size = m;
      to.values = t;
      to.size = m;
    }
  }
}
