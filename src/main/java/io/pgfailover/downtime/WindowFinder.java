package io.pgfailover.downtime;

import io.pgfailover.record.EventName;
import io.pgfailover.record.FailoverEvent;
import io.pgfailover.record.RecordView;
import java.util.ArrayList;
import java.util.List;

/**
 * The one window algorithm (DESIGN.md section 2), on one figure's records as they stream by in end
 * order. Its state does not grow with the records: the last success, a few flags, and the gaps
 * found so far (windows, few).
 *
 * <p>Successful completions of the endpoint, in end order whatever user ran them, are looked at in
 * consecutive pairs: a pair further apart than the threshold is a window. Failures are not needed
 * for a window (a stall counts), nor enough (an isolated failure between two close successes is not
 * a window). Run edges: failures before the first success make a window from the first request's
 * start ({@code openStart}); failures after the last success make a window up to the last failure's
 * end ({@code openEnd}); an endpoint that never succeeded is one window over all its requests, open
 * on both sides. Successes that merely stop at the end of the run are not a window: nothing says
 * the endpoint was down rather than done. What happened inside each window is counted in a second
 * pass ({@link WindowDetails}), once the bounds are known.
 */
final class WindowFinder {
  /** A window's bounds before it is described. */
  record Span(long startMicros, long endMicros, boolean openStart, boolean openEnd) {}

  private static final long NONE = Long.MIN_VALUE;

  private final long thresholdMicros;
  private final List<Span> gaps = new ArrayList<>();
  private long firstStart = Long.MAX_VALUE;
  private long lastEnd = NONE;
  private long firstOk = NONE;
  private long previousOk = NONE;
  private boolean any;
  private boolean failedBeforeFirstOk;
  private boolean failedSinceLastOk;

  WindowFinder(long thresholdMicros) {
    this.thresholdMicros = thresholdMicros;
  }

  /** The next record of the figure, in end order. */
  void accept(RecordView r) {
    any = true;
    firstStart = Math.min(firstStart, r.startMicros());
    long end = r.endMicros();
    lastEnd = Math.max(lastEnd, end);
    if (!r.ok()) {
      failedSinceLastOk = true;
      if (previousOk == NONE) {
        failedBeforeFirstOk = true;
      }
      return;
    }
    if (previousOk == NONE) {
      firstOk = end; // an openStart window, if any, is decided at the end: its start is the
      // earliest start of all the figure's records, some of which end later
    } else if (end < previousOk) {
      return; // beyond the reordering bound (EndOrder): it must not move the last success back
    } else if (end - previousOk > thresholdMicros) {
      gaps.add(new Span(previousOk, end, false, false));
    }
    previousOk = end;
    failedSinceLastOk = false;
  }

  /**
   * The windows, in end order. For a run interrupted at {@code interruptedMicros} (null: not
   * interrupted), successes that stop longer than the threshold before the interrupt are a window
   * open at its end, up to the interrupt, failures or not: the endpoint was down when the run was
   * stopped, and nothing says for how much longer.
   */
  List<Span> spans(Long interruptedMicros) {
    List<Span> spans = new ArrayList<>();
    if (!any) {
      return spans;
    }
    if (firstOk != NONE && failedBeforeFirstOk && firstOk - firstStart > thresholdMicros) {
      spans.add(new Span(firstStart, firstOk, true, false));
    }
    spans.addAll(gaps);
    long end = interruptedMicros == null ? lastEnd : Math.max(lastEnd, interruptedMicros);
    if (previousOk == NONE) {
      spans.add(new Span(firstStart, end, true, true));
    } else if ((failedSinceLastOk || interruptedMicros != null)
        && end - previousOk > thresholdMicros) {
      spans.add(new Span(previousOk, end, false, true));
    }
    return spans;
  }

  /** The trigger moment a window is measured from: the last "asked" event at or before its end. */
  static Long lastAskedAtOrBefore(List<FailoverEvent> events, long micros) {
    Long found = null;
    for (FailoverEvent e : events) {
      if (e.is(EventName.ASKED)
          && e.atMicros() <= micros
          && (found == null || e.atMicros() > found)) {
        found = e.atMicros();
      }
    }
    return found;
  }
}
