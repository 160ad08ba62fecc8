package io.pgfailover.downtime;

import io.pgfailover.config.Figure;
import io.pgfailover.downtime.Round.EndpointRound;
import io.pgfailover.downtime.Round.RoundFigure;
import io.pgfailover.record.ErrorClass;
import io.pgfailover.record.EventName;
import io.pgfailover.record.FailoverEvent;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits a run into its failover rounds (see {@link Round}) and sums each endpoint's windows,
 * failures and heartbeat verdicts per round. Pure.
 */
final class RoundFinder {
  /**
   * A round's bounds before its figures are summed: [fromMicros, toMicros).
   *
   * @param startMicros the failover-start event, null for the implicit round
   */
  record Span(
      int index,
      String kind,
      Long startMicros,
      long fromMicros,
      long toMicros,
      Long askedMicros,
      Long settledMicros) {
    boolean contains(long micros) {
      return micros >= fromMicros && micros < toMicros;
    }
  }

  private RoundFinder() {}

  /**
   * @param events the run's events sorted by time
   */
  static List<Span> spans(List<FailoverEvent> events, String configuredKind) {
    List<FailoverEvent> starts = new ArrayList<>();
    for (FailoverEvent e : events) {
      if (e.is(EventName.FAILOVER_START)) {
        starts.add(e);
      }
    }
    List<Span> spans = new ArrayList<>();
    if (starts.isEmpty()) { // one failover, or an older run folder: the whole run is round 1
      Long asked = firstAt(events, EventName.ASKED, Long.MIN_VALUE, Long.MAX_VALUE);
      Long settled = firstAt(events, EventName.CLUSTER_SETTLED, Long.MIN_VALUE, Long.MAX_VALUE);
      spans.add(new Span(1, configuredKind, null, Long.MIN_VALUE, Long.MAX_VALUE, asked, settled));
      return spans;
    }
    for (int i = 0; i < starts.size(); i++) {
      FailoverEvent start = starts.get(i);
      long from = start.atMicros();
      long to = i + 1 < starts.size() ? starts.get(i + 1).atMicros() : Long.MAX_VALUE;
      int index = start.round() > 0 ? start.round() : i + 1;
      String kind =
          start.detail() == null || start.detail().isBlank()
              ? null
              : start.detail().trim(); // the trigger kind
      Long asked = firstAt(events, EventName.ASKED, from, to);
      spans.add(new Span(index, kind, from, from, to, asked, settledOf(events, index, from, to)));
    }
    return spans;
  }

  /** The round's cluster-settled event; one of no round, the first inside the round's span. */
  private static Long settledOf(List<FailoverEvent> events, int index, long from, long to) {
    for (FailoverEvent e : events) {
      if (e.is(EventName.CLUSTER_SETTLED) && e.round() == index) {
        return e.atMicros();
      }
    }
    for (FailoverEvent e : events) {
      if (e.is(EventName.CLUSTER_SETTLED)
          && e.round() == 0
          && e.atMicros() >= from
          && e.atMicros() < to) {
        return e.atMicros();
      }
    }
    return null;
  }

  private static Long firstAt(List<FailoverEvent> events, EventName name, long from, long to) {
    for (FailoverEvent e : events) {
      if (e.is(name) && e.atMicros() >= from && e.atMicros() < to) {
        return e.atMicros();
      }
    }
    return null;
  }

  /**
   * The asked event a window ending at endMicros is measured from: its round's asked when the run
   * has explicit rounds (so a trigger's late second "asked" cannot shift it), else, as for a single
   * failover, the last asked at or before the window's end.
   */
  static Long askedFor(List<Span> spans, List<FailoverEvent> events, long endMicros) {
    for (Span s : spans) {
      if (s.startMicros() != null
          && s.contains(endMicros)
          && s.askedMicros() != null
          && s.askedMicros() <= endMicros) {
        return s.askedMicros();
      }
    }
    return WindowFinder.lastAskedAtOrBefore(events, endMicros);
  }

  /**
   * @param seqTimes per endpoint, heartbeat seq -> completion of its last attempt (the one whose
   *     outcome counted), for its lost and indeterminate writes at least
   * @param checks each endpoint's heartbeat verification
   */
  static List<Round> rounds(
      List<Span> spans,
      Map<String, EndpointReport> endpoints,
      Map<String, Map<Long, Long>> seqTimes,
      Map<String, HeartbeatCheck> checks) {
    List<Round> rounds = new ArrayList<>();
    for (Span s : spans) {
      Map<String, EndpointRound> perEndpoint = new LinkedHashMap<>();
      for (EndpointReport e : endpoints.values()) {
        perEndpoint.put(
            e.name(),
            endpointRound(s, e, checks.get(e.name()), seqTimes.getOrDefault(e.name(), Map.of())));
      }
      Double settleMs =
          s.settledMicros() != null && s.askedMicros() != null
              ? Maps.ms(s.settledMicros() - s.askedMicros())
              : null;
      rounds.add(
          new Round(
              s.index(),
              s.kind(),
              s.startMicros(),
              s.askedMicros(),
              s.settledMicros(),
              settleMs,
              perEndpoint));
    }
    return rounds;
  }

  private static EndpointRound endpointRound(
      Span s, EndpointReport e, HeartbeatCheck check, Map<Long, Long> seqTimes) {
    RoundFigure path = e.path() == null ? null : figure(s, e.path());
    RoundFigure workload = e.workload() == null ? null : figure(s, e.workload());
    Figure headline = e.path() != null ? Figure.PATH : Figure.WORKLOAD;
    RoundFigure top = headline == Figure.PATH ? path : workload;
    if (top == null) {
      top = new RoundFigure(0, 0, 0, Map.of(), null, 0, 0, null);
    }
    Long lost = null;
    Long indeterminate = null;
    if (check != null && check.verified()) {
      lost = countIn(s, check.lostSeqs(), seqTimes);
      indeterminate = countIn(s, check.indeterminateSeqs(), seqTimes);
    }
    return new EndpointRound(
        headline,
        top.downtimeMs(),
        top.windows(),
        top.failedRequests(),
        top.failedByClass(),
        top.recoveryMs(),
        lost,
        indeterminate,
        path,
        workload);
  }

  /** A figure's windows that ended in the round: outages summed, stalls apart. */
  private static RoundFigure figure(Span s, Downtime figure) {
    long outageMicros = 0;
    long stallMicros = 0;
    int outages = 0;
    int stalls = 0;
    long failed = 0;
    Map<ErrorClass, Long> byClass = new EnumMap<>(ErrorClass.class);
    DowntimeWindow last = null;
    for (DowntimeWindow w : figure.windows()) {
      if (!s.contains(w.endEpochMicros())) {
        continue;
      }
      if (w.kind() == WindowKind.STALL) {
        stalls++;
        stallMicros += w.durationMicros();
        continue;
      }
      outages++;
      outageMicros += w.durationMicros();
      failed += w.failedRequests();
      w.failedByClass().forEach((c, n) -> byClass.merge(c, n, Long::sum));
      if (last == null || w.endEpochMicros() >= last.endEpochMicros()) {
        last = w;
      }
    }
    Double recoveryMs =
        last != null
                && !last.openEnd()
                && s.askedMicros() != null
                && s.askedMicros() <= last.endEpochMicros()
            ? Maps.ms(last.endEpochMicros() - s.askedMicros())
            : null;
    return new RoundFigure(
        Maps.ms(outageMicros),
        outages,
        failed,
        byClass,
        recoveryMs,
        stalls,
        Maps.ms(stallMicros),
        last == null ? null : last.poolWait());
  }

  private static long countIn(Span s, List<Long> seqs, Map<Long, Long> seqTimes) {
    long n = 0;
    for (Long seq : seqs) {
      Long at = seqTimes.get(seq);
      if (at != null && s.contains(at)) {
        n++;
      }
    }
    return n;
  }
}
