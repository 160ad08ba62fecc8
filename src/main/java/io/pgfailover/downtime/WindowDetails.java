package io.pgfailover.downtime;

import io.pgfailover.record.Catalog;
import io.pgfailover.record.ErrorClass;
import io.pgfailover.record.FailoverEvent;
import io.pgfailover.record.OperationKind;
import io.pgfailover.record.RecordView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What happened inside one figure's windows, second pass: once the bounds are known, each record is
 * looked up by its end among them (in any order), and the windows' failures by class, kind and
 * operation, their first failure and, for the workload, their pool waits are counted. State per
 * window, none per record.
 */
final class WindowDetails {
  private static final OperationKind[] KINDS = OperationKind.values();

  private final List<WindowFinder.Span> spans;
  private final long[] ends;
  private final Catalog catalog;
  private final Detail[] details;
  private final PoolWaits.Accumulator[] pool;
  private long arrival;

  /**
   * @param spans the figure's windows in end order (warm-up ones left out)
   * @param poolWaits whether to gather the workload's pool waits (the figure has a path beside it)
   */
  WindowDetails(List<WindowFinder.Span> spans, Catalog catalog, boolean poolWaits) {
    this.spans = List.copyOf(spans);
    this.catalog = catalog;
    this.ends = spans.stream().mapToLong(WindowFinder.Span::endMicros).toArray();
    int operations = catalog.operations().size();
    this.details = new Detail[spans.size()];
    this.pool = poolWaits ? new PoolWaits.Accumulator[spans.size()] : null;
    for (int i = 0; i < details.length; i++) {
      details[i] = new Detail(operations);
      if (pool != null) {
        pool[i] = new PoolWaits.Accumulator(spans.get(i));
      }
    }
  }

  /** A record of the figure, in any order. */
  void accept(RecordView r) {
    if (ends.length == 0) {
      return;
    }
    arrival++;
    long end = r.endMicros();
    int i = firstEndingAtOrAfter(end);
    if (i < ends.length) {
      WindowFinder.Span s = spans.get(i);
      if (!r.ok() && (s.openStart() ? end >= s.startMicros() : end > s.startMicros())) {
        details[i].failure(r, catalog.operationById(r.operation()).kind(), arrival);
      }
      if (pool != null) {
        pool[i].ending(r);
      }
    }
    if (pool != null && r.hasAcquire()) {
      long start = r.startMicros();
      long acquired = r.acquiredMicros();
      for (int w = firstEndingAfter(start); w < ends.length; w++) {
        if (spans.get(w).startMicros() >= acquired) {
          break;
        }
        pool[w].waited(start, acquired);
      }
    }
  }

  /**
   * The windows, described; each with its pool-wait accumulator (null entries without).
   *
   * @param asked per window, the trigger moment it is measured from
   */
  List<DowntimeWindow> windows(List<FailoverEvent> events, List<Long> asked) {
    List<DowntimeWindow> windows = new ArrayList<>(spans.size());
    for (int i = 0; i < spans.size(); i++) {
      windows.add(details[i].window(spans.get(i), events, asked.get(i), catalog));
    }
    return windows;
  }

  /** The pool-wait accumulators, in window order; null when not gathered. */
  PoolWaits.Accumulator[] poolWaits() {
    return pool;
  }

  private int firstEndingAtOrAfter(long micros) {
    int i = Arrays.binarySearch(ends, micros);
    return i >= 0 ? i : -i - 1; // ends are distinct: windows do not overlap
  }

  private int firstEndingAfter(long micros) {
    int i = Arrays.binarySearch(ends, micros);
    return i >= 0 ? i + 1 : -i - 1;
  }

  /** One window's failures. */
  private static final class Detail {
    private long failed;
    private long firstFailure = Long.MAX_VALUE;
    private final long[] byClass = new long[ErrorClass.values().length];
    private final long[] byOperation;
    private final long[] byKind = new long[KINDS.length];
    // the first failure of each kind (end, start, arrival): the kinds are listed in that order
    private final long[][] firstOfKind = new long[KINDS.length][];
    private final TimeoutWait.Tally timeouts = new TimeoutWait.Tally();

    Detail(int operations) {
      byOperation = new long[operations];
    }

    void failure(RecordView r, OperationKind kind, long arrival) {
      failed++;
      firstFailure = Math.min(firstFailure, r.endMicros());
      byClass[r.errorClass().ordinal()]++;
      timeouts.failed(r.errorClass(), r.endMicros() - r.startMicros());
      byOperation[r.operation()]++;
      int k = kind.ordinal();
      byKind[k]++;
      long[] key = {r.endMicros(), r.startMicros(), arrival};
      if (firstOfKind[k] == null || KEY_ORDER.compare(key, firstOfKind[k]) < 0) {
        firstOfKind[k] = key;
      }
    }

    DowntimeWindow window(
        WindowFinder.Span span, List<FailoverEvent> events, Long asked, Catalog catalog) {
      Map<ErrorClass, Long> classes = FigureStats.byClass(byClass);
      Map<String, Long> kinds = new LinkedHashMap<>();
      Integer[] order = new Integer[KINDS.length];
      Arrays.setAll(order, k -> k);
      Arrays.sort(
          order,
          Comparator.comparing((Integer k) -> firstOfKind[k], Comparator.nullsLast(KEY_ORDER)));
      for (int k : order) {
        if (byKind[k] > 0) {
          kinds.put(KINDS[k].label(), byKind[k]);
        }
      }
      Map<String, Long> operations = new TreeMap<>();
      for (int op = 0; op < byOperation.length; op++) {
        if (byOperation[op] > 0) {
          Catalog.OperationEntry entry = catalog.operationById(op);
          operations.merge(entry.workload() + "/" + entry.name(), byOperation[op], Long::sum);
        }
      }
      List<EventMark> overlapping = new ArrayList<>();
      for (FailoverEvent e : events) {
        if (e.atMicros() >= span.startMicros() && e.atMicros() <= span.endMicros()) {
          overlapping.add(EventMark.of(e));
        }
      }
      Long first = failed > 0 ? firstFailure : null;
      Double detectionMs = first != null && asked != null ? Maps.ms(first - asked) : null;
      Double detectionAfterStartMs = first != null ? Maps.ms(first - span.startMicros()) : null;
      Double recoveryMs =
          asked != null && !span.openEnd() ? Maps.ms(span.endMicros() - asked) : null;
      return new DowntimeWindow(
          span.startMicros(),
          span.endMicros(),
          span.openStart(),
          span.openEnd(),
          failed,
          classes,
          kinds,
          operations,
          first,
          detectionMs,
          detectionAfterStartMs,
          recoveryMs,
          asked,
          overlapping,
          failed > 0 ? WindowKind.OUTAGE : WindowKind.STALL,
          null,
          timeouts.waits());
    }
  }

  private static final Comparator<long[]> KEY_ORDER =
      Comparator.<long[]>comparingLong(k -> k[0])
          .thenComparingLong(k -> k[1])
          .thenComparingLong(k -> k[2]);
}
