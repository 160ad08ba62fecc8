package io.pgfailover.downtime;

import io.pgfailover.record.EndOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Caveats the reader of a report must see: open windows, load too sparse for the threshold. */
final class Notes {
  private Notes() {}

  /**
   * @param recorded whether the figure has any record
   * @param gaps the gaps between the figure's successes
   */
  static List<String> forEndpoint(
      String endpoint,
      boolean recorded,
      List<DowntimeWindow> windows,
      OkGaps gaps,
      long thresholdMicros) {
    List<String> notes = new ArrayList<>();
    if (!recorded) {
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
    if (gaps.sparse()) {
      notes.add(
          String.format(
              Locale.ROOT,
              "%s: successes are sparse (median gap %.1f ms)"
                  + " for the gap threshold of %d ms; windows may be load artefacts, raise the threshold"
                  + " or the load",
              endpoint,
              gaps.medianMicros() / 1000.0,
              thresholdMicros / 1000));
    }
    return notes;
  }

  /** Records that came too late for the reordering bound (never seen in the lab's runs). */
  static String outOfOrder(long records, long maxLateMicros) {
    return String.format(
        Locale.ROOT,
        "%d records came more than %.0f ms after records that ended later (at most %.1f ms):"
            + " they are counted in every figure, but the window bounds near them may be off by"
            + " that much.",
        records,
        EndOrder.HORIZON_MICROS / 1000.0,
        maxLateMicros / 1000.0);
  }
}
