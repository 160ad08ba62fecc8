package io.pgfailover.downtime;

import io.pgfailover.record.RequestRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Caveats the reader of a report must see: open windows, load too sparse for the threshold. */
final class Notes {
  private Notes() {}

  static List<String> forEndpoint(
      String endpoint,
      List<RequestRecord> byEnd,
      List<DowntimeWindow> windows,
      long thresholdMicros) {
    List<String> notes = new ArrayList<>();
    if (byEnd.isEmpty()) {
      notes.add(endpoint + ": no request was recorded");
      return notes;
    }
    for (DowntimeWindow w : windows) {
      if (w.openStart() && w.openEnd()) {
        notes.add(endpoint + ": no request ever succeeded; the whole run is one window");
      } else if (w.openStart()) {
        notes.add(
            endpoint
                + ": the run began with failures; the first window starts at the first"
                + " request's start, not at a success");
      } else if (w.openEnd()) {
        notes.add(
            endpoint
                + ": the endpoint did not recover before the run ended; the last window"
                + " ends at its last failure and has no recovery time");
      }
    }
    long median = medianOkGapMicros(byEnd);
    if (median * 2 > thresholdMicros) {
      notes.add(
          String.format(
              java.util.Locale.ROOT,
              "%s: successes are sparse (median gap %.1f ms)"
                  + " for the gap threshold of %d ms; windows may be load artefacts, raise the threshold"
                  + " or the load",
              endpoint,
              median / 1000.0,
              thresholdMicros / 1000));
    }
    return notes;
  }

  private static long medianOkGapMicros(List<RequestRecord> byEnd) {
    long[] ends =
        byEnd.stream().filter(RequestRecord::ok).mapToLong(RequestRecord::endMicros).toArray();
    if (ends.length < 2) {
      return 0;
    }
    long[] gaps = new long[ends.length - 1];
    for (int i = 1; i < ends.length; i++) {
      gaps[i - 1] = ends[i] - ends[i - 1];
    }
    Arrays.sort(gaps);
    return gaps[gaps.length / 2];
  }
}
