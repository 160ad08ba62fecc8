package io.pgfailover.downtime;

import io.pgfailover.config.Figure;
import io.pgfailover.record.Catalog;
import io.pgfailover.record.FailoverEvent;
import io.pgfailover.record.RecordView;
import java.util.ArrayList;
import java.util.List;

/**
 * One endpoint between the two passes: the windows its first pass found (those that end before
 * measure-start counted apart), what the second pass counts inside them, and its report once both
 * are done.
 */
final class EndpointAnalysis {
  final EndpointStats stats;
  private final List<RoundFinder.Span> rounds;
  private final Figured path;
  private final Figured load;

  EndpointAnalysis(
      EndpointStats stats,
      Catalog catalog,
      List<FailoverEvent> events,
      List<RoundFinder.Span> rounds,
      long measureStart,
      Long cutShort) {
    this.stats = stats;
    this.rounds = rounds;
    this.path = new Figured(stats.path, catalog, events, rounds, measureStart, cutShort, false);
    // the workload's pool waits are attributed against a path, from its acquire times
    boolean poolWaits = !stats.path.isEmpty() && stats.load.anyAcquire();
    this.load = new Figured(stats.load, catalog, events, rounds, measureStart, cutShort, poolWaits);
  }

  /** The windows the endpoint's top-level figures are given by: the workload's, if it ran one. */
  List<WindowFinder.Span> topSpans() {
    return stats.load.isEmpty() ? path.spans : load.spans;
  }

  /** Second pass: a record of the endpoint, in any order. */
  void second(RecordView r) {
    stats.count(r);
    boolean probe = stats.isProbe(r);
    (stats.path == stats.figureOf(r) ? path : load).details.accept(r);
    if (probe && r.detail() >= 0) {
      stats.heartbeat.attemptEnded(r.detail(), r.endMicros());
    }
  }

  /** Windows of the warm-up, before measure-start: pools filling, JIT, not downtime. */
  List<String> warmUpNote() {
    if (Math.max(path.warmUp, load.warmUp) == 0) {
      return List.of();
    }
    return List.of(
        stats.endpoint.name()
            + ": gaps longer than the threshold during the warm-up, before"
            + " measure-start, are not counted as downtime (path "
            + path.warmUp
            + ", workload "
            + load.warmUp
            + ").");
  }

  /**
   * @param configuration the run's configuration, for the configured value of each timeout that
   *     ended requests in a window
   */
  EndpointReport report(List<FailoverEvent> events, java.util.Map<String, String> configuration) {
    String name = stats.endpoint.name();
    List<DowntimeWindow> pathWindows =
        TimeoutWait.configured(path.windows(events, rounds), configuration, name);
    List<DowntimeWindow> loadWindows =
        TimeoutWait.configured(load.windows(events, rounds), configuration, name);
    if (load.details.poolWaits() != null) {
      loadWindows = PoolWaits.attribute(loadWindows, pathWindows, load.details.poolWaits());
    }
    Downtime pathFigure =
        stats.path.isEmpty() ? null : stats.path.downtime(Figure.PATH, pathWindows);
    Downtime workloadFigure =
        stats.load.isEmpty() ? null : stats.load.downtime(Figure.WORKLOAD, loadWindows);
    // the top-level windows keep their meaning: the pooled workload's (the probe's without one)
    List<DowntimeWindow> windows = workloadFigure != null ? loadWindows : pathWindows;
    return stats.report(windows, pathFigure, workloadFigure);
  }

  /** One figure's windows: bounds, the trigger each is measured from, their details. */
  private static final class Figured {
    final List<WindowFinder.Span> spans = new ArrayList<>();
    final List<Long> asked = new ArrayList<>();
    final WindowDetails details;
    int warmUp;

    Figured(
        FigureStats figure,
        Catalog catalog,
        List<FailoverEvent> events,
        List<RoundFinder.Span> rounds,
        long measureStart,
        Long cutShort,
        boolean poolWaits) {
      for (WindowFinder.Span s : figure.windows.spans(cutShort)) {
        if (s.endMicros() <= measureStart) {
          warmUp++; // pools filling, JIT: the warm-up is there to absorb these
        } else {
          spans.add(s);
          asked.add(RoundFinder.askedFor(rounds, events, s.endMicros()));
        }
      }
      details = new WindowDetails(spans, catalog, poolWaits);
    }

    List<DowntimeWindow> windows(List<FailoverEvent> events, List<RoundFinder.Span> rounds) {
      return WindowKinds.classify(details.windows(events, asked), rounds);
    }
  }
}
