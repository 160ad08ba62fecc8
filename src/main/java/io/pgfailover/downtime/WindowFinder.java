package io.pgfailover.downtime;

import io.pgfailover.record.Catalog;
import io.pgfailover.record.ErrorClass;
import io.pgfailover.record.EventName;
import io.pgfailover.record.FailoverEvent;
import io.pgfailover.record.RequestRecord;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one window algorithm (DESIGN.md section 2). Pure: records in, windows out.
 *
 * <p>Successful completions of the endpoint, sorted by end time whatever user ran them, are looked
 * at in consecutive pairs: a pair further apart than the threshold is a window. Failures are not
 * needed for a window (a stall counts), nor enough (an isolated failure between two close successes
 * is not a window). Run edges: failures before the first success make a window from the first
 * request's start ({@code openStart}); failures after the last success make a window up to the last
 * failure's end ({@code openEnd}); an endpoint that never succeeded is one window over all its
 * requests, open on both sides. Successes that merely stop at the end of the run are not a window:
 * nothing says the endpoint was down rather than done.
 */
final class WindowFinder {
  /** A window's bounds before it is described. */
  record Span(long startMicros, long endMicros, boolean openStart, boolean openEnd) {}

  private WindowFinder() {}

  /**
   * @param byEnd one endpoint's records sorted by end time
   */
  static List<Span> spans(List<RequestRecord> byEnd, long thresholdMicros) {
    return spans(byEnd, thresholdMicros, null);
  }

  /**
   * As {@link #spans(List, long)}, for a run interrupted at {@code interruptedMicros} (null: not
   * interrupted): successes that stop longer than the threshold before the interrupt are a window
   * open at its end, up to the interrupt, failures or not: the endpoint was down when the run was
   * stopped, and nothing says for how much longer.
   */
  static List<Span> spans(List<RequestRecord> byEnd, long thresholdMicros, Long interruptedMicros) {
    List<Span> spans = new ArrayList<>();
    if (byEnd.isEmpty()) {
      return spans;
    }
    long firstStart = Long.MAX_VALUE;
    for (RequestRecord r : byEnd) {
      firstStart = Math.min(firstStart, r.startMicros());
    }
    long lastEnd = byEnd.get(byEnd.size() - 1).endMicros();
    long previousOk = Long.MIN_VALUE;
    boolean failedBeforeFirstOk = false;
    boolean failedSinceLastOk = false;
    for (RequestRecord r : byEnd) {
      if (!r.ok()) {
        failedSinceLastOk = true;
        if (previousOk == Long.MIN_VALUE) {
          failedBeforeFirstOk = true;
        }
        continue;
      }
      long end = r.endMicros();
      if (previousOk == Long.MIN_VALUE) {
        if (failedBeforeFirstOk && end - firstStart > thresholdMicros) {
          spans.add(new Span(firstStart, end, true, false));
        }
      } else if (end - previousOk > thresholdMicros) {
        spans.add(new Span(previousOk, end, false, false));
      }
      previousOk = end;
      failedSinceLastOk = false;
    }
    long end = interruptedMicros == null ? lastEnd : Math.max(lastEnd, interruptedMicros);
    if (previousOk == Long.MIN_VALUE) {
      spans.add(new Span(firstStart, end, true, true));
    } else if ((failedSinceLastOk || interruptedMicros != null)
        && end - previousOk > thresholdMicros) {
      spans.add(new Span(previousOk, end, false, true));
    }
    return spans;
  }

  /**
   * Fills in a window's failures, detection, recovery and overlapping events.
   *
   * @param asked the trigger moment detection and recovery are measured from (see {@link
   *     RoundFinder#askedFor}), null when none
   */
  static DowntimeWindow describe(
      Span span,
      List<RequestRecord> byEnd,
      Catalog catalog,
      List<FailoverEvent> events,
      Long asked) {
    Map<ErrorClass, Long> byClass = new EnumMap<>(ErrorClass.class);
    Map<String, Long> byKind = new LinkedHashMap<>();
    Map<String, Long> byOperation = new TreeMap<>();
    long failed = 0;
    Long firstFailure = null;
    for (RequestRecord r : byEnd) {
      long end = r.endMicros();
      boolean inside = span.openStart() ? end >= span.startMicros() : end > span.startMicros();
      if (r.ok() || !inside || end > span.endMicros()) {
        continue;
      }
      failed++;
      if (firstFailure == null) {
        firstFailure = end;
      }
      Catalog.OperationEntry op = catalog.operationById(r.operation());
      Maps.increment(byClass, r.errorClass());
      Maps.increment(byKind, op.kind().label());
      Maps.increment(byOperation, op.workload() + "/" + op.name());
    }
    List<EventMark> overlapping = new ArrayList<>();
    for (FailoverEvent e : events) {
      if (e.atMicros() >= span.startMicros() && e.atMicros() <= span.endMicros()) {
        overlapping.add(EventMark.of(e));
      }
    }
    Double detectionMs =
        firstFailure != null && asked != null ? Maps.ms(firstFailure - asked) : null;
    Double detectionAfterStartMs =
        firstFailure != null ? Maps.ms(firstFailure - span.startMicros()) : null;
    Double recoveryMs = asked != null && !span.openEnd() ? Maps.ms(span.endMicros() - asked) : null;
    return new DowntimeWindow(
        span.startMicros(),
        span.endMicros(),
        span.openStart(),
        span.openEnd(),
        failed,
        byClass,
        byKind,
        byOperation,
        firstFailure,
        detectionMs,
        detectionAfterStartMs,
        recoveryMs,
        asked,
        overlapping,
        failed > 0 ? WindowKind.OUTAGE : WindowKind.STALL,
        null);
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
