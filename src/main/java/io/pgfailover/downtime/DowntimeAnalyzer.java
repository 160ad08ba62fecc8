package io.pgfailover.downtime;

import io.pgfailover.config.Figure;
import io.pgfailover.downtime.DowntimeReport.Comparison;
import io.pgfailover.downtime.DowntimeReport.TriggerInfo;
import io.pgfailover.record.Catalog;
import io.pgfailover.record.ErrorClass;
import io.pgfailover.record.EventName;
import io.pgfailover.record.FailoverEvent;
import io.pgfailover.record.HeartbeatRow;
import io.pgfailover.record.Recording;
import io.pgfailover.record.RequestRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns a run's recording into its {@link DowntimeReport}. Pure and deterministic: no I/O, no
 * clock; the same inputs give an equal report. {@link RunFolder} is the loader that reads a run
 * folder and calls this.
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
   * @param heartbeatRows heartbeat rows found on the final primary (all endpoints), or null when
   *     they were not read: heartbeat figures are then client-side only ({@code verified=false})
   */
  public static DowntimeReport analyze(
      Recording recording,
      @Nullable List<HeartbeatRow> heartbeatRows,
      AnalysisSettings settings,
      RunInfo run) {
    Catalog catalog = recording.catalog();
    List<FailoverEvent> events = new ArrayList<>(recording.events());
    events.sort(Comparator.comparingLong(FailoverEvent::atMicros));
    Map<Integer, List<RequestRecord>> byEndpoint = new LinkedHashMap<>();
    for (Catalog.EndpointEntry e : catalog.endpoints()) {
      byEndpoint.put(e.id(), new ArrayList<>());
    }
    long runStart = Long.MAX_VALUE;
    long runEnd = Long.MIN_VALUE;
    boolean acquireTimes = false;
    for (RequestRecord r : recording.records()) {
      acquireTimes |= r.acquireMicros() >= 0;
      byEndpoint.computeIfAbsent(r.endpoint(), id -> new ArrayList<>()).add(r);
      runStart = Math.min(runStart, r.startMicros());
      runEnd = Math.max(runEnd, r.endMicros());
    }
    Long firstAsked = null;
    for (FailoverEvent e : events) {
      if (e.is(EventName.ASKED)) {
        firstAsked = e.atMicros();
        break;
      }
    }
    long measureStart = Long.MIN_VALUE;
    for (FailoverEvent e : events) {
      if (e.is(EventName.MEASURE_START)) {
        measureStart = e.atMicros();
        break;
      }
    }
    List<RoundFinder.Span> spans = RoundFinder.spans(events, settings.triggerKind());
    long thresholdMicros = settings.gapThresholdMs() * 1000L;
    Long interrupted = firstEvent(events, EventName.INTERRUPTED);
    Long loadStopped = firstEvent(events, EventName.LOAD_STOP);
    // an interrupt after the load stopped (during verification, say) cut no window short
    Long cutShort =
        interrupted != null && (loadStopped == null || interrupted < loadStopped)
            ? interrupted
            : null;
    Map<String, List<RequestRecord>> beatsByEndpoint = new LinkedHashMap<>();
    Map<String, EndpointReport> endpoints = new LinkedHashMap<>();
    Map<String, HeartbeatCheck> heartbeat = new LinkedHashMap<>();
    List<String> notes = new ArrayList<>();
    for (Map.Entry<Integer, List<RequestRecord>> entry : byEndpoint.entrySet()) {
      Catalog.EndpointEntry endpoint = catalog.endpointById(entry.getKey());
      List<RequestRecord> byEnd = entry.getValue();
      byEnd.sort(
          Comparator.comparingLong(RequestRecord::endMicros)
              .thenComparingLong(RequestRecord::startMicros));
      List<RequestRecord> probe = new ArrayList<>();
      List<RequestRecord> load = new ArrayList<>();
      for (RequestRecord r : byEnd) {
        // a recording without acquire times is older than the probe: its heartbeat ran on the
        // pool, so it belongs to the workload and there is no path figure
        (acquireTimes && isProbe(r, catalog) ? probe : load).add(r);
      }
      int[] pathWarmUp = new int[1];
      int[] loadWarmUp = new int[1];
      List<DowntimeWindow> pathWindows =
          windows(
              probe, thresholdMicros, catalog, events, spans, measureStart, cutShort, pathWarmUp);
      List<DowntimeWindow> loadWindows =
          windows(
              load, thresholdMicros, catalog, events, spans, measureStart, cutShort, loadWarmUp);
      if (!probe.isEmpty()) {
        loadWindows = PoolWaits.attribute(loadWindows, pathWindows, load);
      }
      Downtime path = probe.isEmpty() ? null : figure(Figure.PATH, pathWindows, probe);
      Downtime workload = load.isEmpty() ? null : figure(Figure.WORKLOAD, loadWindows, load);
      // the top-level windows keep their meaning: the pooled workload's (the probe's without one)
      List<DowntimeWindow> windows = workload != null ? loadWindows : pathWindows;
      int warmUp = Math.max(pathWarmUp[0], loadWarmUp[0]);
      if (warmUp > 0) {
        notes.add(
            endpoint.name()
                + ": gaps longer than the threshold during the warm-up, before"
                + " measure-start, are not counted as downtime (path "
                + pathWarmUp[0]
                + ", workload "
                + loadWarmUp[0]
                + ").");
      }
      endpoints.put(
          endpoint.name(),
          EndpointStats.build(
              endpoint, byEnd, windows, catalog, settings, firstAsked, path, workload));
      // the caveats are about the top-level windows, so about the records they were rebuilt from
      notes.addAll(
          Notes.forEndpoint(
              endpoint.name(), workload != null ? load : byEnd, windows, thresholdMicros));
      if (path != null && workload != null) {
        notes.addAll(
            Notes.forEndpoint(endpoint.name() + " (path)", probe, pathWindows, thresholdMicros));
      }
      List<RequestRecord> beats = heartbeats(byEnd, catalog);
      if (!beats.isEmpty()) {
        beatsByEndpoint.put(endpoint.name(), beats);
        heartbeat.put(
            endpoint.name(),
            HeartbeatVerifier.verify(
                beats, heartbeatRows == null ? null : rowsOf(heartbeatRows, endpoint.name())));
      }
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
        endpoints.isEmpty()
            ? List.of()
            : RoundFinder.rounds(spans, endpoints, beatsByEndpoint, heartbeat);
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

  /** A record of the endpoint's path probe: the heartbeat writer, or a reader's read probe. */
  static boolean isProbe(RequestRecord r, Catalog catalog) {
    return HEARTBEAT.equals(catalog.operationById(r.operation()).workload());
  }

  /** One figure's windows, classified; those that end before measure-start are counted apart. */
  private static List<DowntimeWindow> windows(
      List<RequestRecord> byEnd,
      long thresholdMicros,
      Catalog catalog,
      List<FailoverEvent> events,
      List<RoundFinder.Span> spans,
      long measureStart,
      Long interrupted,
      int[] warmUpWindows) {
    List<DowntimeWindow> windows = new ArrayList<>();
    for (WindowFinder.Span span : WindowFinder.spans(byEnd, thresholdMicros, interrupted)) {
      DowntimeWindow window =
          WindowFinder.describe(
              span, byEnd, catalog, events, RoundFinder.askedFor(spans, events, span.endMicros()));
      if (window.endEpochMicros() <= measureStart) {
        warmUpWindows[0]++; // pools filling, JIT: the warm-up is there to absorb these
      } else {
        windows.add(window);
      }
    }
    return WindowKinds.classify(windows, spans);
  }

  private static Downtime figure(
      Figure figure, List<DowntimeWindow> windows, List<RequestRecord> records) {
    long failed = 0;
    long okLatencyMicros = 0;
    Map<ErrorClass, Long> byClass = new EnumMap<>(ErrorClass.class);
    for (RequestRecord r : records) {
      if (r.ok()) {
        okLatencyMicros += r.latencyMicros();
      } else {
        failed++;
        Maps.increment(byClass, r.errorClass());
      }
    }
    long ok = records.size() - failed;
    return Downtime.of(
        figure,
        windows,
        records.size(),
        failed,
        byClass,
        ok == 0 ? 0 : Maps.round(okLatencyMicros / 1000.0 / ok, 3));
  }

  /** The heartbeat writes among the records (a read probe's detail is -1). */
  private static List<RequestRecord> heartbeats(List<RequestRecord> byEnd, Catalog catalog) {
    List<RequestRecord> beats = new ArrayList<>();
    for (RequestRecord r : byEnd) {
      if (r.detail() >= 0 && isProbe(r, catalog)) {
        beats.add(r);
      }
    }
    return beats;
  }

  private static List<HeartbeatRow> rowsOf(List<HeartbeatRow> rows, String endpoint) {
    List<HeartbeatRow> mine = new ArrayList<>();
    for (HeartbeatRow row : rows) {
      if (row.endpoint().equals(endpoint)) {
        mine.add(row);
      }
    }
    return mine;
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
