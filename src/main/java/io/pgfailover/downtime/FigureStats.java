package io.pgfailover.downtime;

import io.pgfailover.config.Figure;
import io.pgfailover.record.ErrorClass;
import io.pgfailover.record.RecordView;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One downtime figure of an endpoint (its probe's records, or its workload's), first pass: counts,
 * the window bounds, the gaps between successes. Fixed size, whatever the number of records.
 */
final class FigureStats {
  private static final ErrorClass[] CLASSES = ErrorClass.values();

  final WindowFinder windows;
  final OkGaps gaps;
  private long requests;
  private long failed;
  private final long[] failedByClass = new long[CLASSES.length];
  private long okLatencyMicros;
  private boolean anyAcquire;

  FigureStats(long thresholdMicros) {
    this.windows = new WindowFinder(thresholdMicros);
    this.gaps = new OkGaps(thresholdMicros);
  }

  /** The figure's next record, in end order. */
  void accept(RecordView r) {
    requests++;
    anyAcquire |= r.hasAcquire();
    if (r.ok()) {
      okLatencyMicros += r.latencyMicros();
      gaps.ok(r.endMicros());
    } else {
      failed++;
      failedByClass[r.errorClass().ordinal()]++;
    }
    windows.accept(r);
  }

  boolean isEmpty() {
    return requests == 0;
  }

  /** Some record of the figure has an acquire time (needed to attribute pool waits). */
  boolean anyAcquire() {
    return anyAcquire;
  }

  Downtime downtime(Figure figure, List<DowntimeWindow> classified) {
    long ok = requests - failed;
    return Downtime.of(
        figure,
        classified,
        requests,
        failed,
        byClass(failedByClass),
        ok == 0 ? 0 : Maps.round(okLatencyMicros / 1000.0 / ok, 3));
  }

  /** Counts by error class ordinal as a map of the classes that occurred. */
  static Map<ErrorClass, Long> byClass(long[] counts) {
    Map<ErrorClass, Long> map = new EnumMap<>(ErrorClass.class);
    for (int i = 0; i < counts.length; i++) {
      if (counts[i] > 0) {
        map.put(CLASSES[i], counts[i]);
      }
    }
    return map;
  }
}
