package io.pgfailover.report;

import io.pgfailover.config.Figure;
import io.pgfailover.downtime.Downtime;
import io.pgfailover.downtime.DowntimeReport;
import io.pgfailover.downtime.DowntimeReport.Comparison;
import io.pgfailover.downtime.DowntimeWindow;
import io.pgfailover.downtime.EndpointReport;
import io.pgfailover.downtime.EndpointReport.Latency;
import io.pgfailover.downtime.EndpointReport.Rate;
import io.pgfailover.downtime.EventMark;
import io.pgfailover.downtime.HeartbeatCheck;
import io.pgfailover.downtime.PoolWait;
import io.pgfailover.downtime.Round;
import io.pgfailover.downtime.WindowKind;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/** The page's tables, all rendered from the report. */
final class PageSections {
  private PageSections() {}

  static void comparison(StringBuilder out, DowntimeReport r) {
    Html.heading(out, "comparison", "Endpoints compared");
    if (!r.comparisons().isEmpty()) {
      out.append("<ul class=\"pgf-headline\">\n");
      for (Comparison c : r.comparisons()) {
        out.append("<li><b>")
            .append(Html.esc(c.endpoint()))
            .append(' ')
            .append(c.figure().label())
            .append(" downtime ")
            .append(Html.esc(Fmt.signedPct(c.downtimeChangePct())))
            .append(" vs ")
            .append(Html.esc(c.baseline()))
            .append("</b> (")
            .append(Html.esc(Fmt.duration(c.downtimeMs())))
            .append(" vs ")
            .append(Html.esc(Fmt.duration(c.baselineDowntimeMs())))
            .append(')');
        if (c.figure() == Figure.PATH && c.workloadDowntimeMs() != null) {
          out.append("; workload downtime ")
              .append(Html.esc(Fmt.signedPct(c.workloadDowntimeChangePct())))
              .append(" (")
              .append(Html.esc(Fmt.duration(c.workloadDowntimeMs())))
              .append(" vs ")
              .append(Html.esc(Fmt.duration(c.baselineWorkloadDowntimeMs())))
              .append(')');
        }
        out.append("; success rate ")
            .append(Html.esc(Fmt.signedPts(c.successRateChangePts())))
            .append("; mean OK latency ")
            .append(Html.esc(Fmt.signedPct(c.meanLatencyChangePct())))
            .append(".</li>\n");
      }
      out.append("</ul>\n");
    }
    Html.paragraph(
        out,
        "Path downtime: the outage seen by the endpoint's probe, one connection of"
            + " its own outside the pool, reopened at the very next tick after any error. Workload"
            + " downtime: the outage of the pooled business or TPC-B load, which includes what the"
            + " client stack adds (pool reconnects, stale pooled connections, timeouts). Both count"
            + " outage windows only; stalls after recovery, in which nothing failed, are listed apart."
            + " Endpoints are compared on the path downtime.");
    List<List<String>> rows = new ArrayList<>();
    for (EndpointReport e : r.endpoints().values()) {
      Comparison c = find(r, e.name());
      rows.add(
          List.of(
              e.name(),
              e.role(),
              outage(e.path()),
              outage(e.workload()),
              behindPath(e),
              stalls(e),
              String.valueOf(e.loadRequests()),
              (e.loadFailedRequests() > 0 ? "!" : "") + e.loadFailedRequests(),
              Fmt.num(e.loadSuccessRatePct(), 3) + " %",
              e.path() == null ? "-" : String.valueOf(e.path().failedRequests()),
              Fmt.num(e.latencyOk().meanMs(), 2),
              Fmt.num(e.tps().averageTps(), 1),
              Fmt.num(e.tps().maxTps(), 0),
              c == null ? "baseline" : Fmt.signedPct(c.downtimeChangePct()),
              c == null ? "baseline" : Fmt.signedPts(c.successRateChangePts()),
              c == null ? "baseline" : Fmt.signedPct(c.meanLatencyChangePct())));
    }
    Html.table(
        out,
        List.of(
            "Endpoint",
            "Role",
            "Path downtime",
            "Workload downtime",
            "Workload behind path (of it waiting for the pool)",
            "Stalls after recovery",
            "Requests",
            "Failed",
            "Success rate",
            "Probe attempts failed",
            "Mean OK latency (ms)",
            "Avg TPS",
            "Max TPS",
            "Downtime vs " + r.baseline(),
            "Success vs " + r.baseline(),
            "Latency vs " + r.baseline()),
        rows);
  }

  /** "!1377.0 ms (1 outage)", "-" without the figure. */
  private static String outage(Downtime d) {
    if (d == null) {
      return "-";
    }
    int n = d.outages().size();
    return (d.downtimeMs() > 0 ? "!" : "")
        + Fmt.duration(d.downtimeMs())
        + " ("
        + n
        + (n == 1 ? " outage)" : " outages)");
  }

  /** Sum over the workload's outages of the time behind the path, and of the pool's share. */
  private static String behindPath(EndpointReport e) {
    if (e.workload() == null || e.path() == null) {
      return "-";
    }
    double behind = 0;
    double pool = 0;
    boolean any = false;
    for (DowntimeWindow w : e.workload().outages()) {
      PoolWait p = w.poolWait();
      if (p != null && p.behindPathMs() != null) {
        any = true;
        behind += p.behindPathMs();
        pool += p.poolWaitAfterPathBackMs();
      }
    }
    return any ? Fmt.signedDuration(behind) + " (" + Fmt.duration(pool) + ")" : "-";
  }

  private static String stalls(EndpointReport e) {
    StringJoiner parts = new StringJoiner("; ");
    for (Downtime d : new Downtime[] {e.path(), e.workload()}) {
      if (d != null && d.stalls().count() > 0) {
        parts.add(
            d.figure().label()
                + " "
                + d.stalls().count()
                + ", "
                + Fmt.duration(d.stalls().totalMs())
                + " (longest "
                + Fmt.duration(d.stalls().longestMs())
                + ")");
      }
    }
    return parts.length() == 0 ? "0" : parts.toString();
  }

  /**
   * Per workload outage: when the path was back, when the pool handed out a working connection, and
   * how much of the difference the requests spent waiting for the pool.
   */
  static void poolWait(StringBuilder out, DowntimeReport r, ZoneId zone) {
    Html.heading(out, "pool", "Path downtime vs what the pool adds");
    Html.paragraph(out, POOL_SCHEDULE);
    List<List<String>> rows = new ArrayList<>();
    for (EndpointReport e : r.endpoints().values()) {
      if (e.workload() == null) {
        continue;
      }
      for (DowntimeWindow w : e.workload().outages()) {
        PoolWait p = w.poolWait();
        if (p == null) {
          continue;
        }
        rows.add(
            List.of(
                e.name(),
                Fmt.clock(w.startEpochMicros(), zone),
                p.pathBackMs() == null
                    ? (p.pathWasDown() ? "?" : "path was up")
                    : Fmt.relative(p.pathBackMs()),
                Fmt.relative(p.poolConnectedMs()),
                Fmt.relative(w.recoveryMs()),
                p.behindPathMs() == null ? "-" : Fmt.signedDuration(p.behindPathMs()),
                (p.poolWaitAfterPathBackMs() >= 50 ? "!" : "")
                    + Fmt.duration(p.poolWaitAfterPathBackMs()),
                String.valueOf(p.poolTimeouts()),
                String.valueOf(p.poolTimeoutsAfterPathBack()),
                String.valueOf(w.failedRequests())
                    + (w.failedRequests() == 0
                        ? ""
                        : " (" + Fmt.classes(w.failedByClass()) + ")")));
      }
    }
    if (rows.isEmpty()) {
      Html.paragraph(
          out,
          "No workload outage with connection wait times (run folders from before"
              + " they were recorded have none).");
      return;
    }
    Html.table(
        out,
        List.of(
            "Endpoint",
            "Workload outage from",
            "Path back (from trigger)",
            "Pool gave a working connection",
            "Workload back",
            "Workload behind path",
            "Waiting for the pool after the path was back",
            "POOL_TIMEOUT",
            "of them after path back",
            "Failed in window"),
        rows);
  }

  /** One sentence on HikariCP's reconnect schedule: why a pool sees a path late. */
  static final String POOL_SCHEDULE =
      "HikariCP (6.3) opens connections on one background thread"
          + " that, after a failed attempt, sleeps 10 ms and doubles the sleep up to 5 s (10, 30, 70,"
          + " 150, 310, 630, 1270, 2550, 5110 ms... after the first failure; no setting changes it),"
          + " and a request only waits up to failover.pool.acquire-timeout for that thread, so a path"
          + " that came back between two attempts is seen at the next one; failover.pool.connect-timeout"
          + " bounds each attempt, and a pool that keeps its connections across the failover (a proxy"
          + " such as PgBouncer or RDS Proxy) needs no attempt at all.";

  private static Comparison find(DowntimeReport r, String endpoint) {
    for (Comparison c : r.comparisons()) {
      if (c.endpoint().equals(endpoint)) {
        return c;
      }
    }
    return null;
  }

  static void endpoint(StringBuilder out, EndpointReport e, ZoneId zone) {
    Html.heading(out, "endpoint-" + e.name(), "Endpoint " + e.name() + " (" + e.role() + ")");
    List<List<String>> rows = new ArrayList<>();
    rows.add(
        List.of(
            "all",
            String.valueOf(e.requests()),
            String.valueOf(e.failedRequests()),
            Fmt.num(e.successRatePct(), 3) + " %"));
    e.byKind()
        .forEach(
            (kind, k) ->
                rows.add(
                    List.of(
                        kind,
                        String.valueOf(k.requests()),
                        String.valueOf(k.failed()),
                        Fmt.num(k.successRatePct(), 3) + " %")));
    Html.table(out, List.of("Kind", "Requests", "Failed", "Success rate"), rows);
    Html.table(
        out,
        List.of("Latency (ms)", "Count", "Mean", "p50", "p95", "p99", "Max"),
        List.of(latency("all requests", e.latencyAll()), latency("OK requests", e.latencyOk())));
    Html.table(
        out,
        List.of("Phase", "From", "To", "Requests", "OK", "Requests/s", "OK/s"),
        List.of(
            rate("before", e.throughput().before(), zone),
            rate("during windows", e.throughput().during(), zone),
            rate("after", e.throughput().after(), zone)));
    Html.paragraph(
        out,
        "Failures by class: "
            + Fmt.classes(e.failuresByClass())
            + ". By SQLSTATE: "
            + Fmt.counts(e.failuresBySqlState())
            + ". TPS over "
            + String.join(", ", e.tps().workloads())
            + ": average "
            + Fmt.num(e.tps().averageTps(), 1)
            + ", max "
            + Fmt.num(e.tps().maxTps(), 0)
            + ", mean latency "
            + Fmt.num(e.tps().averageLatencyMs(), 2)
            + " ms, errors "
            + e.tps().errors()
            + ".");
    for (Downtime d : new Downtime[] {e.path(), e.workload()}) {
      if (d != null) {
        Html.paragraph(
            out,
            (d.figure() == Figure.PATH
                    ? "Path windows (the probe, on its own" + " connection)"
                    : "Workload windows (the pooled load)")
                + ": outage "
                + Fmt.duration(d.downtimeMs())
                + ", all windows "
                + Fmt.duration(d.allWindowsMs())
                + ".");
        windows(out, d.windows(), zone);
      }
    }
    if (e.path() == null && e.workload() == null) {
      windows(out, e.windows(), zone);
    }
  }

  /** "3 requests hung 10.0 s until pool.socket-timeout (10s); ...", or "-". */
  static String timeouts(DowntimeWindow w) {
    StringJoiner waits = new StringJoiner("; ");
    w.timeouts().forEach(t -> waits.add(t.sentence()));
    return waits.length() == 0 ? "-" : waits.toString();
  }

  private static void windows(StringBuilder out, List<DowntimeWindow> list, ZoneId zone) {
    List<List<String>> windows = new ArrayList<>();
    int n = 0;
    for (DowntimeWindow w : list) {
      StringJoiner events = new StringJoiner("; ");
      for (EventMark m : w.events()) {
        events.add(m.name() + " " + Fmt.clock(m.epochMicros(), zone));
      }
      String flags = w.openStart() ? "run began down" : w.openEnd() ? "not recovered" : "";
      windows.add(
          List.of(
              String.valueOf(++n),
              w.kind().label(),
              Fmt.clock(w.startEpochMicros(), zone),
              Fmt.clock(w.endEpochMicros(), zone),
              (w.kind() == WindowKind.OUTAGE ? "!" : "") + Fmt.duration(w.durationMs()),
              String.valueOf(w.failedRequests()),
              Fmt.classes(w.failedByClass()),
              timeouts(w),
              Fmt.counts(w.failedByOperation()),
              Fmt.durationOrDash(w.detectionMs()),
              Fmt.durationOrDash(w.detectionAfterStartMs()),
              Fmt.durationOrDash(w.recoveryMs()),
              events.length() == 0 ? "-" : events.toString(),
              flags));
    }
    Html.table(
        out,
        List.of(
            "#",
            "Kind",
            "Start (last OK)",
            "End (first OK)",
            "Duration",
            "Failed",
            "Failed by class",
            "Ended by a client timeout",
            "Failed by operation",
            "Detection (from trigger)",
            "Detection (from start)",
            "Recovery (from trigger)",
            "Events inside",
            "Flags"),
        windows);
  }

  private static List<String> latency(String label, Latency l) {
    return List.of(
        label,
        String.valueOf(l.count()),
        Fmt.num(l.meanMs(), 2),
        Fmt.num(l.p50Ms(), 2),
        Fmt.num(l.p95Ms(), 2),
        Fmt.num(l.p99Ms(), 2),
        Fmt.num(l.maxMs(), 2));
  }

  private static List<String> rate(String label, Rate r, ZoneId zone) {
    boolean empty = r.endEpochMicros() == r.startEpochMicros();
    return List.of(
        label,
        empty ? "-" : Fmt.clock(r.startEpochMicros(), zone),
        empty ? "-" : Fmt.clock(r.endEpochMicros(), zone),
        String.valueOf(r.requests()),
        String.valueOf(r.ok()),
        Fmt.num(r.requestsPerSec(), 1),
        Fmt.num(r.okPerSec(), 1));
  }

  static void heartbeat(StringBuilder out, DowntimeReport r, ZoneId zone) {
    Html.heading(out, "heartbeat", "Heartbeat verification (lost and indeterminate writes)");
    List<List<String>> rows = new ArrayList<>();
    for (Map.Entry<String, HeartbeatCheck> entry : r.heartbeat().entrySet()) {
      HeartbeatCheck h = entry.getValue();
      boolean v = h.verified();
      rows.add(
          List.of(
              entry.getKey(),
              v ? "yes" : "no (rows not read)",
              String.valueOf(h.writes()),
              String.valueOf(h.acked()),
              String.valueOf(h.failed()),
              !v ? "-" : (h.lost() > 0 ? "!" : "") + h.lost() + seqs(h.lostSeqs()),
              !v
                  ? "-"
                  : (h.indeterminate() > 0 ? "!" : "")
                      + h.indeterminate()
                      + seqs(h.indeterminateSeqs()),
              !v ? "-" : String.valueOf(h.failedAbsent()),
              !v ? "-" : String.valueOf(h.rowsOnPrimary()),
              h.serverWriteGapMs() == null
                  ? "-"
                  : Fmt.duration(h.serverWriteGapMs())
                      + " ("
                      + Fmt.clock(h.serverGapStartEpochMicros(), zone)
                      + " - "
                      + Fmt.clock(h.serverGapEndEpochMicros(), zone)
                      + ")"));
    }
    Html.table(
        out,
        List.of(
            "Endpoint",
            "Verified",
            "Writes",
            "Acked",
            "Failed",
            "Lost",
            "Indeterminate",
            "Failed and absent",
            "Rows on primary",
            "Server write gap"),
        rows);
  }

  private static String seqs(List<Long> seqs) {
    if (seqs.isEmpty()) {
      return "";
    }
    List<Long> shown = seqs.size() > 20 ? seqs.subList(0, 20) : seqs;
    return " (seq "
        + shown.toString().replaceAll("[\\[\\]]", "")
        + (seqs.size() > shown.size() ? ", ..." : "")
        + ")";
  }

  static void events(StringBuilder out, DowntimeReport r, ZoneId zone) {
    Html.heading(out, "events", "Trigger and cluster events (numbered as on the charts)");
    List<List<String>> rows = new ArrayList<>();
    int n = 0;
    for (EventMark m : r.trigger().events()) {
      Long asked = askedOfRound(r, m.epochMicros());
      String sinceAsked =
          asked == null
              ? "-"
              : (m.epochMicros() >= asked ? "+" : "")
                  + Fmt.duration((m.epochMicros() - asked) / 1000.0);
      rows.add(
          List.of(
              String.valueOf(++n),
              Fmt.clock(m.epochMicros(), zone),
              sinceAsked,
              m.name(),
              m.detail()));
    }
    Html.table(
        out,
        List.of(
            "#",
            "Time",
            r.rounds().size() > 1 ? "From its round's asked" : "From asked",
            "Event",
            "Detail"),
        rows);
  }

  /** The asked of the round an event falls in (a series has one per round), else the first. */
  private static Long askedOfRound(DowntimeReport r, long epochMicros) {
    for (int i = r.rounds().size() - 1; i >= 0; i--) {
      Round round = r.rounds().get(i);
      if (round.failoverStartEpochMicros() != null
          && round.askedEpochMicros() != null
          && epochMicros >= round.failoverStartEpochMicros()) {
        return round.askedEpochMicros();
      }
    }
    return r.trigger().askedEpochMicros();
  }

  static void configuration(StringBuilder out, DowntimeReport r) {
    Html.heading(out, "configuration", "Effective configuration (secrets masked)");
    List<List<String>> rows = new ArrayList<>();
    rows.add(List.of("analysis.gapThresholdMs", String.valueOf(r.settings().gapThresholdMs())));
    rows.add(List.of("analysis.bucketMs", String.valueOf(r.settings().bucketMs())));
    r.configuration().forEach((k, v) -> rows.add(List.of(k, v)));
    Html.table(out, List.of("Key", "Value"), rows);
  }

  static void notes(StringBuilder out, DowntimeReport r) {
    Html.heading(out, "notes", "Notes");
    if (r.notes().isEmpty()) {
      Html.paragraph(out, "None.");
    }
    for (String note : r.notes()) {
      Html.paragraph(out, note);
    }
  }
}
