package io.pgfailover.downtime;

import io.pgfailover.config.Figure;
import io.pgfailover.downtime.DowntimeReport.Comparison;
import io.pgfailover.downtime.DowntimeReport.TriggerInfo;
import io.pgfailover.downtime.EndpointReport.KindStats;
import io.pgfailover.downtime.EndpointReport.Latency;
import io.pgfailover.downtime.EndpointReport.Rate;
import io.pgfailover.downtime.EndpointReport.SecondSeries;
import io.pgfailover.downtime.EndpointReport.Throughput;
import io.pgfailover.downtime.EndpointReport.Timeline;
import io.pgfailover.downtime.EndpointReport.TpsStats;
import io.pgfailover.record.Catalog;
import io.pgfailover.record.ErrorClass;
import io.pgfailover.record.EventName;
import io.pgfailover.record.FailoverEvent;
import io.pgfailover.record.HeartbeatRow;
import io.pgfailover.record.OperationKind;
import io.pgfailover.record.Recording;
import io.pgfailover.record.RequestRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * THE REFERENCE, not the tool: the analysis as it was before issue 13, every request of the run
 * held in memory as an object, sorted per endpoint, percentiles by sorting every latency. The tool
 * no longer runs it ({@link DowntimeAnalyzer} streams); {@code StreamingEquivalenceTest} compares
 * the two on real run folders. This is a copy of the per-request parts of the old {@code
 * DowntimeAnalyzer}, {@code EndpointStats}, {@code Notes}, {@code WindowFinder}, {@code PoolWaits},
 * {@code HeartbeatVerifier} and {@code RoundFinder}; what works on windows only (rounds' spans,
 * window kinds, series, SLOs, comparisons) is the tool's own code, which issue 13 did not change.
 * Do not edit it to make a test pass.
 */
final class ListAnalysisReference {
  private ListAnalysisReference() {}

  static DowntimeReport analyze(
      Recording recording,
      List<HeartbeatRow> heartbeatRows,
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
    Long firstAsked = firstEvent(events, EventName.ASKED);
    Long measureStartEvent = firstEvent(events, EventName.MEASURE_START);
    long measureStart = measureStartEvent != null ? measureStartEvent : Long.MIN_VALUE;
    List<RoundFinder.Span> spans = RoundFinder.spans(events, settings.triggerKind());
    long thresholdMicros = settings.gapThresholdMs() * 1000L;
    Long interrupted = firstEvent(events, EventName.INTERRUPTED);
    Long loadStopped = firstEvent(events, EventName.LOAD_STOP);
    Long cutShort =
        interrupted != null && (loadStopped == null || interrupted < loadStopped)
            ? interrupted
            : null;
    Map<String, Map<Long, Long>> seqTimes = new LinkedHashMap<>();
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
        loadWindows = attributePoolWaits(loadWindows, pathWindows, load);
      }
      pathWindows = TimeoutWait.configured(pathWindows, run.configuration(), endpoint.name());
      loadWindows = TimeoutWait.configured(loadWindows, run.configuration(), endpoint.name());
      Downtime path = probe.isEmpty() ? null : figure(Figure.PATH, pathWindows, probe);
      Downtime workload = load.isEmpty() ? null : figure(Figure.WORKLOAD, loadWindows, load);
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
          endpointReport(endpoint, byEnd, windows, catalog, settings, firstAsked, path, workload));
      notes.addAll(
          notesFor(endpoint.name(), workload != null ? load : byEnd, windows, thresholdMicros));
      if (path != null && workload != null) {
        notes.addAll(notesFor(endpoint.name() + " (path)", probe, pathWindows, thresholdMicros));
      }
      List<RequestRecord> beats = new ArrayList<>();
      for (RequestRecord r : byEnd) {
        if (r.detail() >= 0 && isProbe(r, catalog)) {
          beats.add(r);
        }
      }
      if (!beats.isEmpty()) {
        Map<Long, Long> times = new HashMap<>();
        for (RequestRecord r : beats) {
          times.merge(r.detail(), r.endMicros(), Math::max);
        }
        seqTimes.put(endpoint.name(), times);
        heartbeat.put(
            endpoint.name(),
            verify(beats, heartbeatRows == null ? null : rowsOf(heartbeatRows, endpoint.name())));
      }
    }
    String baseline = baseline(endpoints, settings.baselineEndpoint());
    List<Comparison> comparisons = new ArrayList<>();
    for (EndpointReport e : endpoints.values()) {
      if (!e.name().equals(baseline)) {
        comparisons.add(DowntimeAnalyzer.compare(e, endpoints.get(baseline)));
      }
    }
    List<EventMark> marks = new ArrayList<>();
    events.forEach(e -> marks.add(EventMark.of(e)));
    TriggerInfo trigger = new TriggerInfo(settings.triggerKind(), firstAsked, marks);
    List<Round> rounds =
        endpoints.isEmpty() ? List.of() : RoundFinder.rounds(spans, endpoints, seqTimes, heartbeat);
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

  private static boolean isProbe(RequestRecord r, Catalog catalog) {
    return DowntimeAnalyzer.HEARTBEAT.equals(catalog.operationById(r.operation()).workload());
  }

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
    for (long[] span : spans(byEnd, thresholdMicros, interrupted)) {
      DowntimeWindow window =
          describe(span, byEnd, catalog, events, RoundFinder.askedFor(spans, events, span[1]));
      if (window.endEpochMicros() <= measureStart) {
        warmUpWindows[0]++;
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
    if (endpoints.containsKey(DowntimeAnalyzer.DEFAULT_BASELINE)) {
      return DowntimeAnalyzer.DEFAULT_BASELINE;
    }
    return endpoints.isEmpty() ? null : endpoints.keySet().iterator().next();
  }

  // ---- the old WindowFinder: spans as {start, end, openStart, openEnd} ----

  private static List<long[]> spans(
      List<RequestRecord> byEnd, long thresholdMicros, Long interruptedMicros) {
    List<long[]> spans = new ArrayList<>();
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
          spans.add(new long[] {firstStart, end, 1, 0});
        }
      } else if (end - previousOk > thresholdMicros) {
        spans.add(new long[] {previousOk, end, 0, 0});
      }
      previousOk = end;
      failedSinceLastOk = false;
    }
    long end = interruptedMicros == null ? lastEnd : Math.max(lastEnd, interruptedMicros);
    if (previousOk == Long.MIN_VALUE) {
      spans.add(new long[] {firstStart, end, 1, 1});
    } else if ((failedSinceLastOk || interruptedMicros != null)
        && end - previousOk > thresholdMicros) {
      spans.add(new long[] {previousOk, end, 0, 1});
    }
    return spans;
  }

  private static DowntimeWindow describe(
      long[] span,
      List<RequestRecord> byEnd,
      Catalog catalog,
      List<FailoverEvent> events,
      Long asked) {
    long start = span[0];
    long stop = span[1];
    boolean openStart = span[2] == 1;
    boolean openEnd = span[3] == 1;
    Map<ErrorClass, Long> byClass = new EnumMap<>(ErrorClass.class);
    Map<String, Long> byKind = new LinkedHashMap<>();
    Map<String, Long> byOperation = new TreeMap<>();
    long failed = 0;
    Long firstFailure = null;
    List<RequestRecord> failures = new ArrayList<>();
    for (RequestRecord r : byEnd) {
      long end = r.endMicros();
      boolean inside = openStart ? end >= start : end > start;
      if (r.ok() || !inside || end > stop) {
        continue;
      }
      failures.add(r);
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
      if (e.atMicros() >= start && e.atMicros() <= stop) {
        overlapping.add(EventMark.of(e));
      }
    }
    Double detectionMs =
        firstFailure != null && asked != null ? Maps.ms(firstFailure - asked) : null;
    Double detectionAfterStartMs = firstFailure != null ? Maps.ms(firstFailure - start) : null;
    Double recoveryMs = asked != null && !openEnd ? Maps.ms(stop - asked) : null;
    return new DowntimeWindow(
        start,
        stop,
        openStart,
        openEnd,
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
        null,
        timeouts(failures));
  }

  /** The timed-out requests among a window's failures, by class, from the list (issue 12). */
  private static List<TimeoutWait> timeouts(List<RequestRecord> failures) {
    List<TimeoutWait> waits = new ArrayList<>();
    for (ErrorClass c : ErrorClass.values()) {
      List<Long> durations =
          failures.stream()
              .filter(r -> r.errorClass() == c && c.timeoutSetting().isPresent())
              .map(r -> r.endMicros() - r.startMicros())
              .toList();
      if (!durations.isEmpty()) {
        long sum = durations.stream().mapToLong(Long::longValue).sum();
        waits.add(
            new TimeoutWait(
                c,
                c.timeoutSetting().orElseThrow(),
                null,
                durations.size(),
                Maps.ms(durations.stream().mapToLong(Long::longValue).min().orElseThrow()),
                Maps.ms(Math.round((double) sum / durations.size())),
                Maps.ms(durations.stream().mapToLong(Long::longValue).max().orElseThrow())));
      }
    }
    return waits;
  }

  // ---- the old PoolWaits ----

  private static List<DowntimeWindow> attributePoolWaits(
      List<DowntimeWindow> workloadWindows,
      List<DowntimeWindow> pathWindows,
      List<RequestRecord> workload) {
    if (workload.stream().noneMatch(r -> r.acquiredMicros() != null)) {
      return workloadWindows;
    }
    List<DowntimeWindow> out = new ArrayList<>(workloadWindows.size());
    for (DowntimeWindow w : workloadWindows) {
      out.add(w.withPoolWait(poolWait(w, pathWindows, workload)));
    }
    return out;
  }

  private static PoolWait poolWait(
      DowntimeWindow w, List<DowntimeWindow> pathWindows, List<RequestRecord> workload) {
    if (w.openEnd()) {
      return null;
    }
    long a = w.startEpochMicros();
    long b = w.endEpochMicros();
    List<DowntimeWindow> overlapping =
        pathWindows.stream()
            .filter(p -> p.kind() == WindowKind.OUTAGE)
            .filter(p -> p.startEpochMicros() < b && p.endEpochMicros() > a)
            .toList();
    if (overlapping.stream().anyMatch(DowntimeWindow::openEnd)) {
      return null;
    }
    Long pathBack =
        overlapping.stream()
            .map(DowntimeWindow::endEpochMicros)
            .max(Comparator.naturalOrder())
            .orElse(null);
    long pathUp = pathBack != null ? pathBack : a;
    Long asked = w.triggerAskedEpochMicros();
    Long connected = null;
    for (RequestRecord r : workload) {
      if (r.ok() && r.endMicros() == b) {
        connected = r.acquiredMicros();
        break;
      }
    }
    long timeouts = 0;
    long timeoutsAfterPathBack = 0;
    List<long[]> waits = new ArrayList<>();
    for (RequestRecord r : workload) {
      long end = r.endMicros();
      if (!r.ok() && r.errorClass() == ErrorClass.POOL_TIMEOUT && end > a && end <= b) {
        timeouts++;
        if (end > pathUp) {
          timeoutsAfterPathBack++;
        }
      }
      Long acquired = r.acquiredMicros();
      if (acquired != null && r.startMicros() < b && acquired > pathUp) {
        waits.add(new long[] {Math.max(r.startMicros(), pathUp), Math.min(acquired, b)});
      }
    }
    return new PoolWait(
        pathBack,
        relative(pathBack, asked),
        Maps.ms(b - pathUp),
        connected,
        relative(connected, asked),
        Maps.ms(unionMicros(waits)),
        timeouts,
        timeoutsAfterPathBack);
  }

  private static Double relative(Long micros, Long asked) {
    return micros == null || asked == null ? null : Maps.ms(micros - asked);
  }

  private static long unionMicros(List<long[]> intervals) {
    intervals.sort(Comparator.comparingLong(i -> i[0]));
    long total = 0;
    long from = Long.MIN_VALUE;
    long to = Long.MIN_VALUE;
    for (long[] i : intervals) {
      if (i[1] <= i[0]) {
        continue;
      }
      if (i[0] > to) {
        if (to > from) {
          total += to - from;
        }
        from = i[0];
        to = i[1];
      } else {
        to = Math.max(to, i[1]);
      }
    }
    if (to > from) {
      total += to - from;
    }
    return total;
  }

  // ---- the old HeartbeatVerifier ----

  private static HeartbeatCheck verify(List<RequestRecord> heartbeats, List<HeartbeatRow> rows) {
    Map<Long, Boolean> ackedBySeq = new TreeMap<>();
    for (RequestRecord r : heartbeats) {
      ackedBySeq.merge(r.detail(), r.ok(), Boolean::logicalOr);
    }
    long acked = ackedBySeq.values().stream().filter(ok -> ok).count();
    long failed = ackedBySeq.size() - acked;
    if (rows == null) {
      return new HeartbeatCheck(
          false,
          ackedBySeq.size(),
          acked,
          failed,
          null,
          null,
          null,
          null,
          List.of(),
          List.of(),
          null,
          null,
          null,
          null);
    }
    Map<Long, Long> present = new TreeMap<>();
    for (HeartbeatRow row : rows) {
      present.merge(row.seq(), row.serverEpochMicros(), Math::min);
    }
    List<Long> lost = new ArrayList<>();
    List<Long> indeterminate = new ArrayList<>();
    long failedAbsent = 0;
    for (Map.Entry<Long, Boolean> e : ackedBySeq.entrySet()) {
      boolean onPrimary = present.containsKey(e.getKey());
      if (e.getValue() && !onPrimary) {
        lost.add(e.getKey());
      } else if (!e.getValue() && onPrimary) {
        indeterminate.add(e.getKey());
      } else if (!e.getValue()) {
        failedAbsent++;
      }
    }
    long unmatched = present.keySet().stream().filter(seq -> !ackedBySeq.containsKey(seq)).count();
    long[] serverMicros = present.values().stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(serverMicros);
    Double gapMs = null;
    Long gapStart = null;
    Long gapEnd = null;
    for (int i = 1; i < serverMicros.length; i++) {
      long gap = serverMicros[i] - serverMicros[i - 1];
      if (gapStart == null || gap > gapEnd - gapStart) {
        gapStart = serverMicros[i - 1];
        gapEnd = serverMicros[i];
        gapMs = Maps.ms(gap);
      }
    }
    return new HeartbeatCheck(
        true,
        ackedBySeq.size(),
        acked,
        failed,
        (long) lost.size(),
        (long) indeterminate.size(),
        failedAbsent,
        unmatched,
        lost,
        indeterminate,
        (long) present.size(),
        gapMs,
        gapStart,
        gapEnd);
  }

  // ---- the old Notes ----

  private static List<String> notesFor(
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
    long[] ends =
        byEnd.stream().filter(RequestRecord::ok).mapToLong(RequestRecord::endMicros).toArray();
    long median = 0;
    if (ends.length >= 2) {
      long[] gaps = new long[ends.length - 1];
      for (int i = 1; i < ends.length; i++) {
        gaps[i - 1] = ends[i] - ends[i - 1];
      }
      Arrays.sort(gaps);
      median = gaps[gaps.length / 2];
    }
    if (median * 2 > thresholdMicros) {
      notes.add(
          String.format(
              Locale.ROOT,
              "%s: successes are sparse (median gap %.1f ms)"
                  + " for the gap threshold of %d ms; windows may be load artefacts, raise the threshold"
                  + " or the load",
              endpoint,
              median / 1000.0,
              thresholdMicros / 1000));
    }
    return notes;
  }

  // ---- the old EndpointStats ----

  private static EndpointReport endpointReport(
      Catalog.EndpointEntry endpoint,
      List<RequestRecord> byEnd,
      List<DowntimeWindow> windows,
      Catalog catalog,
      AnalysisSettings settings,
      Long askedMicros,
      Downtime path,
      Downtime workload) {
    long failed = 0;
    Map<ErrorClass, Long> byClass = new EnumMap<>(ErrorClass.class);
    Map<String, Long> byState = new TreeMap<>();
    Map<OperationKind, long[]> kinds = new EnumMap<>(OperationKind.class);
    for (RequestRecord r : byEnd) {
      long[] kind =
          kinds.computeIfAbsent(catalog.operationById(r.operation()).kind(), k -> new long[2]);
      kind[0]++;
      if (!r.ok()) {
        failed++;
        kind[1]++;
        Maps.increment(byClass, r.errorClass());
        if (r.sqlState() != null) {
          Maps.increment(byState, r.sqlState());
        }
      }
    }
    Map<String, KindStats> byKind = new LinkedHashMap<>();
    kinds.forEach(
        (k, v) -> byKind.put(k.label(), new KindStats(v[0], v[1], EndpointStats.rate(v[0], v[1]))));
    double downtimeMs = 0;
    for (DowntimeWindow w : windows) {
      downtimeMs += w.durationMs();
    }
    List<RequestRecord> load = new ArrayList<>();
    for (RequestRecord r : byEnd) {
      if (!isProbe(r, catalog)) {
        load.add(r);
      }
    }
    if (load.isEmpty()) {
      load = byEnd;
    }
    return new EndpointReport(
        endpoint.name(),
        endpoint.role(),
        byEnd.size(),
        failed,
        EndpointStats.rate(byEnd.size(), failed),
        Maps.round(downtimeMs, 3),
        windows,
        byKind,
        byClass,
        byState,
        latency(byEnd, false),
        latency(byEnd, true),
        throughput(byEnd, windows, askedMicros),
        tps(load, catalog),
        timeline(byEnd, settings.bucketMs()),
        perSecond(load),
        path,
        workload);
  }

  static Latency latency(List<RequestRecord> records, boolean okOnly) {
    long[] micros = new long[records.size()];
    int n = 0;
    long sum = 0;
    for (RequestRecord r : records) {
      if (!okOnly || r.ok()) {
        micros[n++] = r.latencyMicros();
        sum += r.latencyMicros();
      }
    }
    if (n == 0) {
      return new Latency(0, 0, 0, 0, 0, 0);
    }
    Arrays.sort(micros, 0, n);
    return new Latency(
        n,
        Maps.round(sum / 1000.0 / n, 3),
        Maps.ms(rank(micros, n, 50)),
        Maps.ms(rank(micros, n, 95)),
        Maps.ms(rank(micros, n, 99)),
        Maps.ms(micros[n - 1]));
  }

  private static long rank(long[] sorted, int n, double pct) {
    int index = (int) Math.ceil(pct / 100.0 * n) - 1;
    return sorted[Math.max(0, Math.min(n - 1, index))];
  }

  private static Throughput throughput(
      List<RequestRecord> byEnd, List<DowntimeWindow> windows, Long askedMicros) {
    if (byEnd.isEmpty()) {
      Rate none = new Rate(0, 0, 0, 0, 0, 0);
      return new Throughput(none, none, none);
    }
    long runStart = Long.MAX_VALUE;
    for (RequestRecord r : byEnd) {
      runStart = Math.min(runStart, r.startMicros());
    }
    long runEnd = byEnd.get(byEnd.size() - 1).endMicros();
    if (windows.isEmpty() && askedMicros == null) {
      Rate empty = new Rate(runEnd, runEnd, 0, 0, 0, 0);
      return new Throughput(rateIn(byEnd, runStart, runEnd, true, true), empty, empty);
    }
    long from = windows.isEmpty() ? askedMicros : windows.get(0).startEpochMicros();
    long to = windows.isEmpty() ? askedMicros : windows.get(windows.size() - 1).endEpochMicros();
    from = Math.max(runStart, Math.min(runEnd, from));
    to = Math.max(from, Math.min(runEnd, to));
    return new Throughput(
        rateIn(byEnd, runStart, from, true, false),
        rateIn(byEnd, from, to, true, true),
        rateIn(byEnd, to, runEnd, false, true));
  }

  private static Rate rateIn(
      List<RequestRecord> byEnd, long start, long end, boolean includeStart, boolean includeEnd) {
    long requests = 0;
    long ok = 0;
    for (RequestRecord r : byEnd) {
      long t = r.endMicros();
      boolean afterStart = includeStart ? t >= start : t > start;
      boolean beforeEnd = includeEnd ? t <= end : t < end;
      if (afterStart && beforeEnd) {
        requests++;
        if (r.ok()) {
          ok++;
        }
      }
    }
    double seconds = (end - start) / 1_000_000.0;
    return new Rate(
        start,
        end,
        requests,
        ok,
        seconds > 0 ? Maps.round(requests / seconds, 3) : 0,
        seconds > 0 ? Maps.round(ok / seconds, 3) : 0);
  }

  private static TpsStats tps(List<RequestRecord> load, Catalog catalog) {
    TreeSet<String> workloads = new TreeSet<>();
    long errors = 0;
    long ok = 0;
    long okLatencyMicros = 0;
    long start = Long.MAX_VALUE;
    long end = Long.MIN_VALUE;
    for (RequestRecord r : load) {
      workloads.add(catalog.operationById(r.operation()).workload());
      start = Math.min(start, r.startMicros());
      end = Math.max(end, r.endMicros());
      if (r.ok()) {
        ok++;
        okLatencyMicros += r.latencyMicros();
      } else {
        errors++;
      }
    }
    double seconds = load.isEmpty() ? 0 : (end - start) / 1_000_000.0;
    int max = 0;
    for (int count : perSecond(load).ok()) {
      max = Math.max(max, count);
    }
    return new TpsStats(
        new ArrayList<>(workloads),
        seconds > 0 ? Maps.round(ok / seconds, 3) : 0,
        max,
        ok > 0 ? Maps.round(okLatencyMicros / 1000.0 / ok, 3) : 0,
        errors);
  }

  private static Timeline timeline(List<RequestRecord> byEnd, long bucketMs) {
    if (byEnd.isEmpty()) {
      return new Timeline(0, bucketMs, new int[0], new int[0]);
    }
    long first = Math.floorDiv(Math.floorDiv(byEnd.get(0).endMicros(), 1000L), bucketMs) * bucketMs;
    long last = Math.floorDiv(byEnd.get(byEnd.size() - 1).endMicros(), 1000L);
    int size = (int) ((last - first) / bucketMs) + 1;
    int[] ok = new int[size];
    int[] ko = new int[size];
    for (RequestRecord r : byEnd) {
      int i = (int) ((Math.floorDiv(r.endMicros(), 1000L) - first) / bucketMs);
      if (r.ok()) {
        ok[i]++;
      } else {
        ko[i]++;
      }
    }
    return new Timeline(first, bucketMs, ok, ko);
  }

  private static SecondSeries perSecond(List<RequestRecord> byEnd) {
    if (byEnd.isEmpty()) {
      return new SecondSeries(0, new int[0], new int[0], new Double[0]);
    }
    long first = Math.floorDiv(byEnd.get(0).endMicros(), 1_000_000L);
    long last = Math.floorDiv(byEnd.get(byEnd.size() - 1).endMicros(), 1_000_000L);
    int size = (int) (last - first) + 1;
    int[] ok = new int[size];
    int[] ko = new int[size];
    long[] latency = new long[size];
    for (RequestRecord r : byEnd) {
      int i = (int) (Math.floorDiv(r.endMicros(), 1_000_000L) - first);
      if (r.ok()) {
        ok[i]++;
        latency[i] += r.latencyMicros();
      } else {
        ko[i]++;
      }
    }
    Double[] mean = new Double[size];
    for (int i = 0; i < size; i++) {
      mean[i] = ok[i] == 0 ? null : Maps.round(latency[i] / 1000.0 / ok[i], 3);
    }
    return new SecondSeries(first * 1000L, ok, ko, mean);
  }
}
