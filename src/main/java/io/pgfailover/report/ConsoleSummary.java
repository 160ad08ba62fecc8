package io.pgfailover.report;

import io.pgfailover.downtime.DowntimeReport;
import io.pgfailover.downtime.DowntimeReport.Comparison;
import io.pgfailover.downtime.EndpointReport;
import io.pgfailover.downtime.HeartbeatCheck;
import io.pgfailover.downtime.Round;
import io.pgfailover.downtime.SeriesStats;
import io.pgfailover.downtime.SeriesStats.Distribution;
import io.pgfailover.downtime.SloSettings;
import java.time.ZoneId;
import java.util.StringJoiner;

/**
 * A few lines for the console at the end of a run: one per endpoint, the comparisons, then, for a
 * run of several failovers, one line per round and the series statistics, and the SLO verdict.
 */
public final class ConsoleSummary {
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
      out.append(report.rounds().size() > 1 ? ", the first asked at " : " asked at ").append(Fmt.clock(report.trigger().askedEpochMicros(), zone));
    }
    out.append(" (gap threshold ").append(report.settings().gapThresholdMs()).append(" ms)\n");
    int width = 8;
    for (String name : report.endpoints().keySet()) {
      width = Math.max(width, name.length());
    }
    for (EndpointReport e : report.endpoints().values()) {
      out.append(String.format("  %-" + width + "s ", e.name()));
      out.append("downtime ").append(Fmt.duration(e.downtimeMs()));
      out.append(" in ").append(e.windows().size())
          .append(e.windows().size() == 1 ? " window" : " windows");
      out.append(" | failed ").append(e.failedRequests()).append('/').append(e.requests());
      if (e.failedRequests() > 0) {
        out.append(" (").append(Fmt.classes(e.failuresByClass())).append(')');
      }
      out.append(" | success ").append(Fmt.num(e.successRatePct(), 2)).append(" %");
      HeartbeatCheck hb = report.heartbeat().get(e.name());
      if (hb != null) {
        out.append(" | heartbeat ");
        if (hb.verified()) {
          out.append("lost ").append(hb.lost()).append(", indeterminate ")
              .append(hb.indeterminate());
        } else {
          out.append("not verified");
        }
      }
      out.append('\n');
    }
    for (Comparison c : report.comparisons()) {
      out.append("  ").append(c.endpoint()).append(" vs ").append(c.baseline())
          .append(": downtime ").append(Fmt.signedPct(c.downtimeChangePct()))
          .append(", success rate ").append(Fmt.signedPts(c.successRateChangePts()))
          .append(", mean latency ").append(Fmt.signedPct(c.meanLatencyChangePct()))
          .append('\n');
    }
    if (report.rounds().size() > 1) {
      rounds(out, report);
      series(out, report, width);
    }
    SloSettings slo = report.settings().slo();
    if (slo.isSet()) {
      out.append("  SLO ").append(report.slo().passed() ? "passed" : "FAILED").append(" (")
          .append(sloTerms(slo)).append(")\n");
      for (String violation : report.slo().violations()) {
        out.append("    - ").append(violation).append('\n');
      }
    }
    for (String note : report.notes()) {
      out.append("  note: ").append(note).append('\n');
    }
    return out.toString();
  }

  private static void rounds(StringBuilder out, DowntimeReport report) {
    for (Round r : report.rounds()) {
      out.append("  round ").append(r.label()).append(": settle ")
          .append(r.settleMs() == null ? "not seen" : Fmt.duration(r.settleMs()));
      r.endpoints().forEach((name, e) -> {
        out.append(" | ").append(name).append(' ').append(Fmt.duration(e.downtimeMs()));
        if (e.failedRequests() > 0) {
          out.append(", ").append(e.failedRequests()).append(" failed");
        }
        if (e.lost() != null && e.lost() > 0) {
          out.append(", ").append(e.lost()).append(" lost");
        }
      });
      out.append('\n');
    }
  }

  private static void series(StringBuilder out, DowntimeReport report, int width) {
    report.series().forEach((name, s) -> {
      Distribution d = s.downtimeMs();
      out.append(String.format("  series %-" + width + "s ", name))
          .append("downtime per failover mean ")
          .append(Fmt.duration(d.meanMs())).append(", min ").append(Fmt.duration(d.minMs()))
          .append(", median ").append(Fmt.duration(d.medianMs())).append(", p95 ")
          .append(Fmt.duration(d.p95Ms())).append(", max ").append(Fmt.duration(d.maxMs()))
          .append(" | ").append(Fmt.counts(s.downtimeBuckets())).append(" | availability ")
          .append(availability(s)).append(" (").append(nines(s)).append(" nines) over ")
          .append(Fmt.duration(s.measuredPeriodMs())).append(" | yearly downtime at this"
              + " availability ").append(yearly(s)).append('\n');
    });
  }

  /** "max-downtime 5000 ms, max-failed-requests 10". */
  static String sloTerms(SloSettings slo) {
    StringJoiner terms = new StringJoiner(", ");
    if (slo.maxDowntimeMs() != null) {
      double max = slo.maxDowntimeMs();
      terms.add("max-downtime " + Fmt.num(max, max == Math.rint(max) ? 0 : 1) + " ms per failover");
    }
    if (slo.maxFailedRequests() != null) {
      terms.add("max-failed-requests " + slo.maxFailedRequests());
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
    return min >= 1 ? Fmt.num(min, 1) + " min/year"
        : Fmt.num(s.yearlyDowntimeAtThisAvailabilitySec(), 1) + " s/year";
  }
}
