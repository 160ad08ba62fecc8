package io.pgfailover.downtime;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.pgfailover.config.Figure;
import io.pgfailover.record.ErrorClass;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One downtime figure of an endpoint: the path's (its probe) or the workload's (the pooled load),
 * rebuilt from that figure's own records by the one window algorithm. Immutable.
 *
 * @param figure which of the two
 * @param downtimeMs total of the {@link WindowKind#OUTAGE} windows: the headline
 * @param allWindowsMs total of every window, outages and stalls
 * @param windows every window, each with its kind; workload windows carry a {@link PoolWait}
 * @param stalls the {@link WindowKind#STALL} windows, summed up
 * @param requests the figure's requests
 * @param failedRequests of which failed
 * @param failuresByClass the failures by error class
 * @param meanOkLatencyMs mean latency of the figure's successful requests (0 without any)
 */
@JsonPropertyOrder({
  "figure",
  "downtimeMs",
  "allWindowsMs",
  "windows",
  "stalls",
  "requests",
  "failedRequests",
  "failuresByClass",
  "meanOkLatencyMs"
})
public record Downtime(
    Figure figure,
    double downtimeMs,
    double allWindowsMs,
    List<DowntimeWindow> windows,
    Stalls stalls,
    long requests,
    long failedRequests,
    Map<ErrorClass, Long> failuresByClass,
    double meanOkLatencyMs) {

  public Downtime {
    windows = List.copyOf(windows);
    failuresByClass = Maps.frozen(failuresByClass);
  }

  static Downtime of(
      Figure figure,
      List<DowntimeWindow> windows,
      long requests,
      long failed,
      Map<ErrorClass, Long> failuresByClass,
      double meanOkLatencyMs) {
    long outageMicros = 0;
    long allMicros = 0;
    List<DowntimeWindow> stalls = new ArrayList<>();
    for (DowntimeWindow w : windows) {
      allMicros += w.durationMicros();
      if (w.kind() == WindowKind.OUTAGE) {
        outageMicros += w.durationMicros();
      } else {
        stalls.add(w);
      }
    }
    return new Downtime(
        figure,
        Maps.ms(outageMicros),
        Maps.ms(allMicros),
        windows,
        Stalls.of(stalls),
        requests,
        failed,
        failuresByClass,
        meanOkLatencyMs);
  }

  /** The outage windows only. */
  public List<DowntimeWindow> outages() {
    return windows.stream().filter(w -> w.kind() == WindowKind.OUTAGE).toList();
  }

  /**
   * Stall windows: no request failed in them, and they are not the trigger's outage. On the lab
   * they mostly follow the recovery (see README); a failure-free gap before the trigger, or in a
   * run without one, is a stall too.
   *
   * @param startEpochMs when each began
   */
  public record Stalls(int count, double totalMs, double longestMs, List<Long> startEpochMs) {
    public Stalls {
      startEpochMs = List.copyOf(startEpochMs);
    }

    static Stalls of(List<DowntimeWindow> stalls) {
      long total = 0;
      long longest = 0;
      List<Long> starts = new ArrayList<>();
      for (DowntimeWindow w : stalls) {
        total += w.durationMicros();
        longest = Math.max(longest, w.durationMicros());
        starts.add(w.startEpochMs());
      }
      return new Stalls(stalls.size(), Maps.ms(total), Maps.ms(longest), starts);
    }
  }
}
