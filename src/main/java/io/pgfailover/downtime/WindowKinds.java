package io.pgfailover.downtime;

import java.util.ArrayList;
import java.util.List;

/**
 * Tells a failover's outage from the stalls around it (issue 9, item 7). Pure.
 *
 * <p>A window is an {@link WindowKind#OUTAGE} when it holds a failed request, or when it is the
 * first window of its round to end after the trigger was asked and it began before the cluster
 * settled: that is the time from the trigger until the endpoint served again, even where nothing
 * failed (a proxy that holds its clients). Every other window is a {@link WindowKind#STALL}.
 */
final class WindowKinds {
  private WindowKinds() {}

  /**
   * @param byEnd one figure's windows in end order; returns them with their kinds
   */
  static List<DowntimeWindow> classify(List<DowntimeWindow> byEnd, List<RoundFinder.Span> rounds) {
    boolean[] outage = new boolean[byEnd.size()];
    for (int i = 0; i < byEnd.size(); i++) {
      outage[i] = byEnd.get(i).failedRequests() > 0;
    }
    for (RoundFinder.Span round : rounds) {
      Long asked = round.askedMicros();
      if (asked == null) {
        continue;
      }
      for (int i = 0; i < byEnd.size(); i++) {
        DowntimeWindow w = byEnd.get(i);
        if (w.endEpochMicros() <= asked || !round.contains(w.endEpochMicros())) {
          continue;
        }
        Long settled = round.settledMicros();
        if (settled == null || w.startEpochMicros() < settled) {
          outage[i] = true;
        }
        break;
      }
    }
    List<DowntimeWindow> classified = new ArrayList<>(byEnd.size());
    for (int i = 0; i < byEnd.size(); i++) {
      classified.add(byEnd.get(i).withKind(outage[i] ? WindowKind.OUTAGE : WindowKind.STALL));
    }
    return classified;
  }
}
