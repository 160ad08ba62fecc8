package io.pgfailover.downtime;

import io.pgfailover.config.Figure;
import io.pgfailover.downtime.DowntimeReport.Comparison;
import io.pgfailover.downtime.DowntimeReport.TriggerInfo;
import io.pgfailover.record.Catalog;
import io.pgfailover.record.EndOrder;
import io.pgfailover.record.EventName;
import io.pgfailover.record.FailoverEvent;
import io.pgfailover.record.HeartbeatRow;
import io.pgfailover.record.RecordSource;
import io.pgfailover.record.Recording;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns a run's recording into its {@link DowntimeReport}. Pure and deterministic: no I/O but the
 * {@link RecordSource} it reads, no clock; the same inputs give an equal report. {@link RunFolder}
 * is the loader that reads a run folder and calls this.
 *
 * <p>It streams (issue 13): the records are read twice and never held. The first pass takes them in
 * end order ({@link EndOrder} puts the recorder's near order right, within a bound) and keeps per
 * endpoint only counters, histograms, per-bucket timelines and the window bounds found; the second
 * pass, in file order, counts what happened inside those windows and around them. A run of a day is
 * analysed in the heap of an hour's. The heartbeat check alone grows with the run, by 8 bytes per
 * heartbeat row (see {@link HeartbeatRows}).
 */
public final class DowntimeAnalyzer {
  /** Workload whose records carry heartbeat sequence numbers in {@code detail}. */
  public static final String HEARTBEAT = "heartbeat";

  static final String DEFAULT_BASELINE = "direct";

  private DowntimeAnalyzer() {}

  public static DowntimeReport analyze(
      Recording recording, @Nullable List<HeartbeatRow> heartbeatRows, AnalysisSettings settings) {
    return analyze(recording, heartbeatRows, settings, RunInfo.NONE);
  }

  /**
   * A recording already in memory.
   *
   * @param heartbeatRows heartbeat rows found on the final primary (all endpoints), or null when
   *     they were not read: heartbeat figures are then client-side only ({@code verified=false})
   */
  public static DowntimeReport analyze(
      Recording recording,
      @Nullable List<HeartbeatRow> heartbeatRows,
      AnalysisSettings settings,
      RunInfo run) {
    try {
      return analyze(
          recording.catalog(),
          recording.events(),
          recording.source(),
          HeartbeatRows.of(heartbeatRows),
          settings,
          run);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // records in memory: no I/O
    }
  }

  /**
   * @param source the requests, read twice
   * @param heartbeatRows the rows found on the final primary, null when they were not read
   */
  static DowntimeReport analyze(
      Catalog catalog,
      List<FailoverEvent> recorded,
      RecordSource source,
      @Nullable HeartbeatRows heartbeatRows,
      AnalysisSettings settings,
      RunInfo run)
      throws IOException {
    List<FailoverEvent> events = new ArrayList<>(recorded);
    events.sort(Comparator.comparingLong(FailoverEvent::atMicros));
    Long firstAsked = firstEvent(events, EventName.ASKED);
    Long measureStartEvent = firstEvent(events, EventName.MEASURE_START);
    long measureStart = measureStartEvent != null ? measureStartEvent : Long.MIN_VALUE;
    List<RoundFinder.Span> spans = RoundFinder.spans(events, settings.triggerKind());
    long thresholdMicros = settings.gapThresholdMs() * 1000L;
    Long interrupted = firstEvent(events, EventName.INTERRUPTED);
    Long loadStopped = firstEvent(events, EventName.LOAD_STOP);
    // an interrupt after the load stopped (during verification, say) cut no window short
    Long cutShort =
        interrupted != null && (loadStopped == null || interrupted < loadStopped)
            ? interrupted
            : null;
    // a recording without acquire times is older than the probe: its heartbeat ran on the pool,
    // so it belongs to the workload and there is no path figure
    boolean acquireTimes = source.anyAcquireTime();
    Tally tally = new Tally(catalog, acquireTimes, thresholdMicros, settings.bucketMs());
    EndOrder inOrder = new EndOrder(tally::first);
    source.forEach(inOrder);
    inOrder.finish();

    List<String> notes = new ArrayList<>();
    List<EndpointAnalysis> analyses = new ArrayList<>();
    for (EndpointStats stats : tally.endpoints()) {
      EndpointAnalysis a =
          new EndpointAnalysis(stats, catalog, events, spans, measureStart, cutShort);
      analyses.add(a);
      stats.phases(a.topSpans(), firstAsked);
      if (!stats.heartbeat.isEmpty()) {
        stats.heartbeat.verify(
            heartbeatRows == null ? null : heartbeatRows.take(stats.endpoint.name()));
      }
    }
    tally.analyses(analyses);
    source.forEach(tally::second);

    Map<String, EndpointReport> endpoints = new LinkedHashMap<>();
    Map<String, HeartbeatCheck> heartbeat = new LinkedHashMap<>();
    Map<String, Map<Long, Long>> seqTimes = new LinkedHashMap<>();
    for (EndpointAnalysis a : analyses) {
      EndpointStats stats = a.stats;
      String name = stats.endpoint.name();
      notes.addAll(a.warmUpNote());
      EndpointReport report = a.report(events, run.configuration());
      endpoints.put(name, report);
      // the caveats are about the top-level windows, so about the records they were rebuilt from
      FigureStats top =
          report.workload() != null || report.path() == null ? stats.load : stats.path;
      notes.addAll(
          Notes.forEndpoint(name, !top.isEmpty(), report.windows(), top.gaps, thresholdMicros));
      if (report.path() != null && report.workload() != null) {
        notes.addAll(
            Notes.forEndpoint(
                name + " (path)", true, report.path().windows(), stats.path.gaps, thresholdMicros));
      }
      if (!stats.heartbeat.isEmpty()) {
        heartbeat.put(name, stats.heartbeat.check());
        seqTimes.put(name, stats.heartbeat.flaggedEndMicros());
      }
    }
    if (inOrder.beyondBound() > 0) {
      notes.add(Notes.outOfOrder(inOrder.beyondBound(), inOrder.maxLateMicros()));
    }
    String baseline = baseline(endpoints, settings.baselineEndpoint());
    List<Comparison> comparisons = new ArrayList<>();
    for (EndpointReport e : endpoints.values()) {
      if (!e.name().equals(baseline)) {
        comparisons.add(compare(e, endpoints.get(baseline)));
      }
    }
    List<EventMark> marks = new ArrayList<>();
    events.forEach(e -> marks.add(EventMark.of(e)));
    TriggerInfo trigger = new TriggerInfo(settings.triggerKind(), firstAsked, marks);
    List<Round> rounds =
        endpoints.isEmpty() ? List.of() : RoundFinder.rounds(spans, endpoints, seqTimes, heartbeat);
    long runStart = tally.runStart;
    long runEnd = tally.runEnd;
    long periodStart = measureStart != Long.MIN_VALUE ? measureStart : runStart;
    long periodEnd = loadStopped != null ? loadStopped : runEnd;
    long periodMicros = endpoints.isEmpty() ? 0 : Math.max(0, periodEnd - periodStart);
    Map<String, SeriesStats> series = SeriesStatistics.compute(rounds, endpoints, periodMicros);
    SloResult slo = SloEvaluator.evaluate(settings.slo(), rounds, endpoints, heartbeat);
    if (interrupted != null) {
      notes.add(
          0,
          "The run was interrupted (Ctrl-C or SIGTERM) before its end: every figure covers"
              + " the run until then, and a window still open at that moment ends there, marked"
              + " openEnd, with no recovery time.");
    }
    return new DowntimeReport(
        run.runId(),
        run.simulation(),
        settings,
        runStart == Long.MAX_VALUE ? 0 : runStart,
        runEnd == Long.MIN_VALUE ? 0 : runEnd,
        trigger,
        endpoints,
        heartbeat,
        baseline,
        comparisons,
        run.configuration(),
        notes,
        rounds,
        series,
        slo,
        interrupted);
  }

  private static Long firstEvent(List<FailoverEvent> events, EventName name) {
    for (FailoverEvent e : events) {
      if (e.is(name)) {
        return e.atMicros();
      }
    }
    return null;
  }

  private static String baseline(Map<String, EndpointReport> endpoints, String configured) {
    if (configured != null && endpoints.containsKey(configured)) {
      return configured;
    }
    if (endpoints.containsKey(DEFAULT_BASELINE)) {
      return DEFAULT_BASELINE;
    }
    return endpoints.isEmpty() ? null : endpoints.keySet().iterator().next();
  }

  /**
   * On the path downtime (outages) where both endpoints have a probe, with the workload's beside.
   */
  static Comparison compare(EndpointReport e, EndpointReport base) {
    Figure figure = e.path() != null && base.path() != null ? Figure.PATH : Figure.WORKLOAD;
    double downtime = e.outageMs(figure);
    double baseDowntime = base.outageMs(figure);
    // no workload figures unless both ran one: outageMs would give a probe-only endpoint's path
    boolean workloads = e.workload() != null && base.workload() != null;
    Double workload = workloads ? e.workload().downtimeMs() : null;
    Double baseWorkload = workloads ? base.workload().downtimeMs() : null;
    return new Comparison(
        e.name(),
        base.name(),
        downtime,
        baseDowntime,
        changePct(downtime, baseDowntime),
        Maps.round(e.loadSuccessRatePct() - base.loadSuccessRatePct(), 4),
        changePct(loadLatencyMs(e), loadLatencyMs(base)),
        figure,
        workload,
        baseWorkload,
        workloads ? changePct(workload, baseWorkload) : null);
  }

  /** Mean OK latency of what an application sees: the workload's, all requests' without one. */
  private static double loadLatencyMs(EndpointReport e) {
    return e.workload() != null ? e.workload().meanOkLatencyMs() : e.latencyOk().meanMs();
  }

  private static Double changePct(double value, double base) {
    return base == 0 ? null : Maps.round((value - base) / base * 100.0, 2);
  }
}
