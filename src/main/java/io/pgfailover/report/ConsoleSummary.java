package io.pgfailover.report;

import io.pgfailover.downtime.DowntimeReport;
import io.pgfailover.downtime.DowntimeReport.Comparison;
import io.pgfailover.downtime.EndpointReport;
import io.pgfailover.downtime.HeartbeatCheck;
import java.time.ZoneId;

/** A few lines for the console at the end of a run: one per endpoint, then the comparisons. */
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
    if (report.trigger().askedEpochMicros() != null) {
      out.append(" asked at ").append(Fmt.clock(report.trigger().askedEpochMicros(), zone));
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
    for (String note : report.notes()) {
      out.append("  note: ").append(note).append('\n');
    }
    return out.toString();
  }
}
