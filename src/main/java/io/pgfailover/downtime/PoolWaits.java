package io.pgfailover.downtime;

import io.pgfailover.record.ErrorClass;
import io.pgfailover.record.RequestRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Attributes each workload window against the path (issue 9, item 3): when the path was back, when
 * the pool handed out the connection that ended the window, and how long requests waited for the
 * pool in between. Pure.
 */
final class PoolWaits {
  private PoolWaits() {}

  /**
   * @param workloadWindows the workload's windows
   * @param pathWindows the probe's windows (empty without a probe)
   * @param workload the workload's records, in end order
   * @return the workload windows, each with its {@link PoolWait}; unchanged when the recording has
   *     no acquire times (written before they were recorded)
   */
  static List<DowntimeWindow> attribute(
      List<DowntimeWindow> workloadWindows,
      List<DowntimeWindow> pathWindows,
      List<RequestRecord> workload) {
    if (workload.stream().noneMatch(r -> r.acquiredMicros() != null)) {
      return workloadWindows;
    }
    List<DowntimeWindow> out = new ArrayList<>(workloadWindows.size());
    for (DowntimeWindow w : workloadWindows) {
      out.add(w.withPoolWait(of(w, pathWindows, workload)));
    }
    return out;
  }

  /** Null when there is nothing to attribute: the workload or its path never came back. */
  private static PoolWait of(
      DowntimeWindow w, List<DowntimeWindow> pathWindows, List<RequestRecord> workload) {
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
        overlapping.stream()
            .map(DowntimeWindow::endEpochMicros)
            .max(Comparator.naturalOrder())
            .orElse(null);
    long pathUp = pathBack != null ? pathBack : a;
    Long asked = w.triggerAskedEpochMicros();
    Long connected = null;
    for (RequestRecord r : workload) {
      if (r.ok() && r.endMicros() == b) {
        connected = r.acquiredMicros();
        break;
      }
    }
    long timeouts = 0;
    long timeoutsAfterPathBack = 0;
    List<long[]> waits = new ArrayList<>();
    for (RequestRecord r : workload) {
      long end = r.endMicros();
      if (!r.ok() && r.errorClass() == ErrorClass.POOL_TIMEOUT && end > a && end <= b) {
        timeouts++;
        if (end > pathUp) {
          timeoutsAfterPathBack++;
        }
      }
      Long acquired = r.acquiredMicros();
      if (acquired != null && r.startMicros() < b && acquired > pathUp) {
        waits.add(new long[] {Math.max(r.startMicros(), pathUp), Math.min(acquired, b)});
      }
    }
    return new PoolWait(
        pathBack,
        relative(pathBack, asked),
        Maps.ms(b - pathUp),
        connected,
        relative(connected, asked),
        Maps.ms(unionMicros(waits)),
        timeouts,
        timeoutsAfterPathBack);
  }

  private static Double relative(Long micros, Long asked) {
    return micros == null || asked == null ? null : Maps.ms(micros - asked);
  }

  /** Total length of the union of [from, to] intervals. */
  static long unionMicros(List<long[]> intervals) {
    intervals.sort(Comparator.comparingLong(i -> i[0]));
    long total = 0;
    long from = Long.MIN_VALUE;
    long to = Long.MIN_VALUE;
    for (long[] i : intervals) {
      if (i[1] <= i[0]) {
        continue;
      }
      if (i[0] > to) {
        if (to > from) {
          total += to - from;
        }
        from = i[0];
        to = i[1];
      } else {
        to = Math.max(to, i[1]);
      }
    }
    if (to > from) {
      total += to - from;
    }
    return total;
  }
}
