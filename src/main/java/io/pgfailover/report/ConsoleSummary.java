package io.pgfailover.report;

import io.pgfailover.config.Figure;
import io.pgfailover.downtime.Downtime;
import io.pgfailover.downtime.DowntimeReport;
import io.pgfailover.downtime.DowntimeReport.Comparison;
import io.pgfailover.downtime.DowntimeWindow;
import io.pgfailover.downtime.EndpointReport;
import io.pgfailover.downtime.HeartbeatCheck;
import io.pgfailover.downtime.PoolWait;
import io.pgfailover.downtime.Round;
import io.pgfailover.downtime.SeriesStats;
import io.pgfailover.downtime.SeriesStats.Distribution;
import io.pgfailover.downtime.SloSettings;
import java.time.ZoneId;
import java.util.StringJoiner;

/**
 * A few lines for the console at the end of a run: one per endpoint with its path and workload
 * downtime, where the workload's extra time went and the stalls after recovery, the comparisons,
 * then, for a run of several failovers, one line per round and the series statistics, and the SLO
 * verdict.
 */
public final class ConsoleSummary {
  /** A workload outage this much behind its path gets a line saying where the time went. */
  private static final double POOL_LINE_MIN_MS = 50;

  private ConsoleSummary() {}

  public static String render(DowntimeReport report) {
    return render(report, ZoneId.systemDefault());
  }

  public static String render(DowntimeReport report, ZoneId zone) {
    StringBuilder out = new StringBuilder("Failover downtime");
    if (report.trigger().kind() != null) {
      out.append(" - trigger ").append(report.trigger().kind());
    }
    if (report.rounds().size() > 1) {
      out.append(", ").append(report.rounds().size()).append(" failovers");
    }
    if (report.trigger().askedEpochMicros() != null) {
      out.append(report.rounds().size() > 1 ? ", the first asked at " : " asked at ")
          .append(Fmt.clock(report.trigger().askedEpochMicros(), zone));
    }
    out.append(" (gap threshold ").append(report.settings().gapThresholdMs()).append(" ms)\n");
    if (report.interrupted()) {
      out.append("  INTERRUPTED at ")
          .append(Fmt.clock(report.interruptedEpochMicros(), zone))
          .append(": the figures cover the run until then\n");
    }
    int width = 8;
    for (String name : report.endpoints().keySet()) {
      width = Math.max(width, name.length());
    }
    for (EndpointReport e : report.endpoints().values()) {
      out.append(String.format("  %-" + width + "s ", e.name()));
      figures(out, e);
      out.append(" | failed ").append(e.loadFailedRequests()).append('/').append(e.loadRequests());
      if (e.loadFailedRequests() > 0) {
        out.append(" (").append(Fmt.classes(e.loadFailuresByClass())).append(')');
      }
      out.append(" | success ").append(Fmt.num(e.loadSuccessRatePct(), 2)).append(" %");
      if (e.path() != null && e.workload() != null) {
        out.append(" | probe failed ").append(e.path().failedRequests());
      }
      HeartbeatCheck hb = report.heartbeat().get(e.name());
      if (hb != null) {
        out.append(" | heartbeat ");
        if (hb.verified()) {
          out.append("lost ")
              .append(hb.lost())
              .append(", indeterminate ")
              .append(hb.indeterminate());
        } else {
          out.append("not verified");
        }
      }
      out.append('\n');
    }
    for (EndpointReport e : report.endpoints().values()) {
      poolWaits(out, e, width);
      timeouts(out, e, width);
      stalls(out, e, width);
    }
    for (Comparison c : report.comparisons()) {
      out.append("  ")
          .append(c.endpoint())
          .append(" vs ")
          .append(c.baseline())
          .append(": ")
          .append(c.figure().label())
          .append(" downtime ")
          .append(Fmt.signedPct(c.downtimeChangePct()));
      if (c.figure() == Figure.PATH && c.workloadDowntimeMs() != null) {
        out.append(" (workload ").append(Fmt.signedPct(c.workloadDowntimeChangePct())).append(')');
      }
      out.append(", success rate ")
          .append(Fmt.signedPts(c.successRateChangePts()))
          .append(", mean latency ")
          .append(Fmt.signedPct(c.meanLatencyChangePct()))
          .append('\n');
    }
    if (report.rounds().size() > 1) {
      rounds(out, report);
      series(out, report, width);
    }
    SloSettings slo = report.settings().slo();
    if (slo.isSet()) {
      out.append("  SLO ")
          .append(report.slo().passed() ? "passed" : "FAILED")
          .append(" (")
          .append(sloTerms(slo))
          .append(")\n");
      for (String violation : report.slo().violations()) {
        out.append("    - ").append(violation).append('\n');
      }
    }
    for (String note : report.notes()) {
      out.append("  note: ").append(note).append('\n');
    }
    return out.toString();
  }

  /** "path 1377.0 ms | workload 1514.2 ms (+137.2 ms)", or one of them alone. */
  private static void figures(StringBuilder out, EndpointReport e) {
    Downtime path = e.path();
    Downtime workload = e.workload();
    if (path == null && workload == null) {
      out.append("downtime ").append(Fmt.duration(e.downtimeMs()));
      return;
    }
    if (path != null) {
      out.append("path ").append(Fmt.duration(path.downtimeMs()));
      outageCount(out, path);
    }
    if (workload != null) {
      out.append(path != null ? " | workload " : "workload ")
          .append(Fmt.duration(workload.downtimeMs()));
      outageCount(out, workload);
      if (path != null) {
        out.append(" (")
            .append(Fmt.signedDuration(workload.downtimeMs() - path.downtimeMs()))
            .append(')');
      }
    }
  }

  private static void outageCount(StringBuilder out, Downtime d) {
    int n = d.outages().size();
    if (n > 1) {
      out.append(" in ").append(n).append(" outages");
    }
  }

  /**
   * For each workload outage that came back after the path, where the time went: "path back at
   * +1.377 s, the pool gave a connection at +2.640 s, 1263.0 ms waiting for the pool".
   */
  private static void poolWaits(StringBuilder out, EndpointReport e, int width) {
    if (e.workload() == null) {
      return;
    }
    for (DowntimeWindow w : e.workload().outages()) {
      PoolWait p = w.poolWait();
      if (p == null || p.behindPathMs() == null || p.behindPathMs() < POOL_LINE_MIN_MS) {
        continue;
      }
      out.append(String.format("    %-" + width + "s ", e.name()));
      if (p.pathWasDown()) {
        out.append("path back at ").append(Fmt.relative(p.pathBackMs()));
      } else {
        out.append("path up throughout");
      }
      out.append(", the pool gave the first working connection at ")
          .append(Fmt.relative(p.poolConnectedMs()))
          .append(", workload back at ")
          .append(Fmt.relative(w.recoveryMs()))
          .append(": ")
          .append(Fmt.duration(p.poolWaitAfterPathBackMs()))
          .append(" of the ")
          .append(Fmt.duration(p.behindPathMs()))
          .append(" behind the path spent waiting for the pool");
      if (p.poolTimeoutsAfterPathBack() > 0) {
        out.append(", ")
            .append(p.poolTimeoutsAfterPathBack())
            .append(" POOL_TIMEOUT after the path was back");
      }
      out.append('\n');
    }
  }

  /**
   * For each outage that client timeouts ended requests in: "direct workload outage of 12.181 s
   * (first failure at +10.030 s): 3 requests hung 10.0 s until pool.socket-timeout (10s)". The
   * path's and the workload's, as both have their own settings' story (the probe never waits for a
   * pool).
   */
  private static void timeouts(StringBuilder out, EndpointReport e, int width) {
    for (Downtime d : new Downtime[] {e.path(), e.workload()}) {
      if (d == null) {
        continue;
      }
      for (DowntimeWindow w : d.outages()) {
        if (w.timeouts().isEmpty()) {
          continue;
        }
        out.append(String.format("    %-" + width + "s ", e.name()))
            .append(d.figure().label())
            .append(" outage of ")
            .append(Fmt.duration(w.durationMs()))
            .append(" (first failure at ")
            .append(Fmt.relative(w.detectionMs()))
            .append("): ");
        StringJoiner waits = new StringJoiner("; ");
        w.timeouts().forEach(t -> waits.add(t.sentence()));
        out.append(waits).append('\n');
      }
    }
  }

  /** "stalls, no request failed, ...: workload 3 (1203.4 ms, longest 512.0 ms), path 3 (...)". */
  private static void stalls(StringBuilder out, EndpointReport e, int width) {
    StringJoiner parts = new StringJoiner(", ");
    for (Downtime d : new Downtime[] {e.workload(), e.path()}) {
      if (d != null && d.stalls().count() > 0) {
        parts.add(
            d.figure().label()
                + " "
                + d.stalls().count()
                + " ("
                + Fmt.duration(d.stalls().totalMs())
                + ", longest "
                + Fmt.duration(d.stalls().longestMs())
                + ")");
      }
    }
    if (parts.length() > 0) {
      out.append(String.format("    %-" + width + "s ", e.name()))
          .append("stalls (no request failed; not the failover's outage, not counted): ")
          .append(parts)
          .append('\n');
    }
  }

  private static void rounds(StringBuilder out, DowntimeReport report) {
    for (Round r : report.rounds()) {
      out.append("  round ")
          .append(r.label())
          .append(": settle ")
          .append(r.settleMs() == null ? "not seen" : Fmt.duration(r.settleMs()));
      r.endpoints()
          .forEach(
              (name, e) -> {
                out.append(" | ").append(name).append(' ');
                if (e.path() != null && e.workload() != null) {
                  out.append("path ")
                      .append(Fmt.duration(e.path().downtimeMs()))
                      .append(", workload ")
                      .append(Fmt.duration(e.workload().downtimeMs()));
                } else {
                  out.append(Fmt.duration(e.downtimeMs()));
                }
                long failed = e.load() == null ? 0 : e.load().failedRequests();
                if (failed > 0) {
                  out.append(", ").append(failed).append(" failed");
                }
                if (e.lost() != null && e.lost() > 0) {
                  out.append(", ").append(e.lost()).append(" lost");
                }
              });
      out.append('\n');
    }
  }

  private static void series(StringBuilder out, DowntimeReport report, int width) {
    report
        .series()
        .forEach(
            (name, s) -> {
              Distribution d = s.downtimeMs();
              out.append(String.format("  series %-" + width + "s ", name))
                  .append(s.figure().label())
                  .append(" downtime per failover mean ")
                  .append(Fmt.duration(d.meanMs()))
                  .append(", min ")
                  .append(Fmt.duration(d.minMs()))
                  .append(", median ")
                  .append(Fmt.duration(d.medianMs()))
                  .append(", p95 ")
                  .append(Fmt.duration(d.p95Ms()))
                  .append(", max ")
                  .append(Fmt.duration(d.maxMs()))
                  .append(
                      s.workloadDowntimeMs() == null || s.figure() == Figure.WORKLOAD
                          ? ""
                          : " (workload mean "
                              + Fmt.duration(s.workloadDowntimeMs().meanMs())
                              + ")")
                  .append(" | ")
                  .append(Fmt.counts(s.downtimeBuckets()))
                  .append(" | availability ")
                  .append(availability(s))
                  .append(" (")
                  .append(nines(s))
                  .append(" nines) over ")
                  .append(Fmt.duration(s.measuredPeriodMs()))
                  .append(" | yearly downtime at this" + " availability ")
                  .append(yearly(s))
                  .append('\n');
            });
  }

  /** "max-downtime 5000 ms, max-failed-requests 10, max-lost-writes 0". */
  static String sloTerms(SloSettings slo) {
    StringJoiner terms = new StringJoiner(", ");
    if (slo.maxDowntimeMs() != null) {
      double max = slo.maxDowntimeMs();
      terms.add(
          "max-downtime "
              + Fmt.num(max, max == Math.rint(max) ? 0 : 1)
              + " ms per failover"
              + " on the "
              + slo.downtimeFigure().label()
              + " downtime");
    }
    if (slo.maxFailedRequests() != null) {
      terms.add("max-failed-requests " + slo.maxFailedRequests());
    }
    if (slo.maxLostWrites() != null) {
      terms.add("max-lost-writes " + slo.maxLostWrites());
    }
    return terms.toString();
  }

  static String availability(SeriesStats s) {
    return Fmt.num(s.availabilityPct(), 4) + " %";
  }

  static String nines(SeriesStats s) {
    return s.nines() >= SeriesStats.MAX_NINES ? Fmt.num(s.nines(), 0) + "+" : Fmt.num(s.nines(), 2);
  }

  /** "52.6 min/year", or "3.2 h/year" above 2 h. */
  static String yearly(SeriesStats s) {
    double min = s.yearlyDowntimeAtThisAvailabilityMin();
    if (min >= 120) {
      return Fmt.num(min / 60, 1) + " h/year";
    }
    return min >= 1
        ? Fmt.num(min, 1) + " min/year"
        : Fmt.num(s.yearlyDowntimeAtThisAvailabilitySec(), 1) + " s/year";
  }
}
