package io.pgfailover.report;

import io.pgfailover.downtime.DowntimeReport;
import io.pgfailover.downtime.Round;
import io.pgfailover.downtime.Round.EndpointRound;
import io.pgfailover.downtime.Round.RoundFigure;
import io.pgfailover.downtime.SeriesStats.Distribution;
import io.pgfailover.downtime.SloResult;
import io.pgfailover.downtime.SloSettings;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/** The page's SLO verdict and its "Failovers" section: rounds, fault matrix, series statistics. */
final class PageFailovers {
  private PageFailovers() {}

  /** True when the run has explicit rounds or more than one: the section is worth showing. */
  static boolean shown(DowntimeReport r) {
    return r.rounds().size() > 1
        || r.rounds().stream().anyMatch(round -> round.failoverStartEpochMicros() != null);
  }

  /** A red banner at the top of the page when the run was interrupted before its end. */
  static void interrupted(StringBuilder out, DowntimeReport r, ZoneId zone) {
    if (!r.interrupted()) {
      return;
    }
    out.append("<div id=\"interrupted\" class=\"pgf-slo pgf-slo-bad\"><b>Interrupted</b> at ")
        .append(Html.esc(Fmt.clock(r.interruptedEpochMicros(), zone)))
        .append(
            ": the figures cover the run until then; a window still open then is marked"
                + " \"not recovered\".</div>\n");
  }

  /** The SLO verdict, green or red, for the top of the page; nothing when no SLO is set. */
  static void sloVerdict(StringBuilder out, DowntimeReport r) {
    SloSettings slo = r.settings().slo();
    if (!slo.isSet()) {
      return;
    }
    SloResult result = r.slo();
    out.append("<div id=\"slo\" class=\"pgf-slo ")
        .append(result.passed() ? "pgf-slo-ok" : "pgf-slo-bad")
        .append("\"><b>")
        .append(result.passed() ? "SLO passed" : "SLO failed")
        .append("</b> (")
        .append(Html.esc(ConsoleSummary.sloTerms(slo)))
        .append(')');
    if (!result.violations().isEmpty()) {
      out.append("<ul>");
      for (String v : result.violations()) {
        out.append("<li>").append(Html.esc(v)).append("</li>");
      }
      out.append("</ul>");
    }
    out.append("</div>\n");
  }

  static void failovers(StringBuilder out, DowntimeReport r, ZoneId zone) {
    Html.heading(out, "failovers", "Failovers (" + r.rounds().size() + ")");
    rounds(out, r, zone);
    if (r.isMatrix()) {
      matrix(out, r);
    }
    if (r.rounds().size() > 1) {
      series(out, r);
    }
  }

  private static void rounds(StringBuilder out, DowntimeReport r, ZoneId zone) {
    List<String> headers =
        new ArrayList<>(List.of("#", "Trigger", "Started", "Asked", "Settle time"));
    for (String name : r.endpoints().keySet()) {
      headers.add(name + " downtime");
      headers.add(name + " recovery");
      headers.add(name + " failed");
    }
    List<List<String>> rows = new ArrayList<>();
    for (Round round : r.rounds()) {
      List<String> row =
          new ArrayList<>(
              List.of(
                  String.valueOf(round.index()),
                  round.kind() == null ? "-" : round.kind(),
                  clock(round.failoverStartEpochMicros(), zone),
                  clock(round.askedEpochMicros(), zone),
                  round.settleMs() == null ? "!not seen" : Fmt.duration(round.settleMs())));
      for (String name : r.endpoints().keySet()) {
        EndpointRound e = round.endpoints().get(name);
        row.add((e.downtimeMs() > 0 ? "!" : "") + figures(e));
        row.add(Fmt.durationOrDash(e.recoveryMs()));
        RoundFigure load = e.load();
        long failed = load == null ? 0 : load.failedRequests();
        row.add(failed == 0 ? "0" : "!" + failed + " (" + Fmt.classes(load.failedByClass()) + ")");
      }
      rows.add(row);
    }
    Html.paragraph(
        out,
        "One row per failover. Downtime: the outage windows that ended in this"
            + " round, between its failover-start and the next one's, on the path (its probe) and on"
            + " the pooled workload; stalls after recovery in brackets. Recovery: the end of the"
            + " round's last outage window (the path's, the workload's for an endpoint without a"
            + " probe) minus the round's asked. Settle time: from asked until the cluster was healthy"
            + " again (every node back, the endpoints reaching the primary); \"not seen\" when the"
            + " cluster did not heal in time or cannot be watched (only the lab is).");
    Html.table(out, headers, rows);
  }

  private static void matrix(StringBuilder out, DowntimeReport r) {
    Html.paragraph(
        out,
        "Fault matrix: each scenario against each endpoint (downtime, failed"
            + " requests, lost and indeterminate heartbeat writes).");
    List<String> headers = new ArrayList<>(List.of("Scenario"));
    headers.addAll(r.endpoints().keySet());
    headers.add("Settle time");
    List<List<String>> rows = new ArrayList<>();
    for (Round round : r.rounds()) {
      List<String> row = new ArrayList<>(List.of(round.label()));
      for (String name : r.endpoints().keySet()) {
        EndpointRound e = round.endpoints().get(name);
        long failed = e.load() == null ? 0 : e.load().failedRequests();
        boolean bad = e.downtimeMs() > 0 || failed > 0 || (e.lost() != null && e.lost() > 0);
        row.add(
            (bad ? "!" : "")
                + figures(e)
                + ", "
                + failed
                + " failed, lost "
                + orDash(e.lost())
                + ", indeterminate "
                + orDash(e.indeterminate()));
      }
      row.add(round.settleMs() == null ? "!not seen" : Fmt.duration(round.settleMs()));
      rows.add(row);
    }
    Html.table(out, headers, rows);
  }

  private static void series(StringBuilder out, DowntimeReport r) {
    Html.paragraph(
        out,
        "Series statistics per endpoint over the "
            + r.rounds().size()
            + " failovers, on the path downtime (the workload's for an endpoint without a probe;"
            + " stalls after recovery are not counted). Downtime per failover is the RTO of each"
            + " round (0 when the endpoint had no outage). Availability = 1 - downtime / measured period (measure-start to load-stop);"
            + " failovers came much faster here than in real life, so no yearly downtime is"
            + " extrapolated from this run's failover rate. \"Yearly downtime at this availability\""
            + " is (1 - availability) x 365.25 days; to estimate a year, multiply the mean downtime"
            + " per failover by the failovers a year you expect.");
    List<String> headers =
        new ArrayList<>(
            List.of(
                "Endpoint",
                "Figure",
                "Rounds",
                "Downtime per failover: mean",
                "min",
                "median",
                "p95",
                "max",
                "Workload downtime per failover: mean",
                "max",
                "Recovery: mean",
                "p95",
                "max"));
    headers.addAll(seriesBuckets(r));
    headers.addAll(
        List.of(
            "Measured period", "Availability", "Nines", "Yearly downtime at this availability"));
    List<List<String>> rows = new ArrayList<>();
    r.series()
        .forEach(
            (name, s) -> {
              Distribution d = s.downtimeMs();
              Distribution rec = s.recoveryMs();
              Distribution w = s.workloadDowntimeMs();
              List<String> row =
                  new ArrayList<>(
                      List.of(
                          name,
                          s.figure().label(),
                          String.valueOf(s.rounds()),
                          Fmt.duration(d.meanMs()),
                          Fmt.duration(d.minMs()),
                          Fmt.duration(d.medianMs()),
                          Fmt.duration(d.p95Ms()),
                          Fmt.duration(d.maxMs()),
                          w == null ? "-" : Fmt.duration(w.meanMs()),
                          w == null ? "-" : Fmt.duration(w.maxMs()),
                          rec == null ? "-" : Fmt.duration(rec.meanMs()),
                          rec == null ? "-" : Fmt.duration(rec.p95Ms()),
                          rec == null ? "-" : Fmt.duration(rec.maxMs())));
              s.downtimeBuckets().values().forEach(count -> row.add(String.valueOf(count)));
              row.addAll(
                  List.of(
                      Fmt.duration(s.measuredPeriodMs()),
                      ConsoleSummary.availability(s),
                      ConsoleSummary.nines(s),
                      ConsoleSummary.yearly(s)));
              rows.add(row);
            });
    Html.table(out, headers, rows);
  }

  private static List<String> seriesBuckets(DowntimeReport r) {
    return r.series().values().stream()
        .findFirst()
        .map(s -> s.downtimeBuckets().keySet().stream().map(k -> "Rounds down " + k).toList())
        .orElse(List.of());
  }

  /** "path 1377.0 ms, workload 2642.0 ms (+1 stall, 310.0 ms)". */
  private static String figures(EndpointRound e) {
    StringJoiner out = new StringJoiner(", ");
    for (RoundFigure f : new RoundFigure[] {e.path(), e.workload()}) {
      if (f == null) {
        continue;
      }
      String text = (f == e.path() ? "path " : "workload ") + Fmt.duration(f.downtimeMs());
      if (f.stalls() > 0) {
        text +=
            " (+"
                + f.stalls()
                + (f.stalls() == 1 ? " stall, " : " stalls, ")
                + Fmt.duration(f.stallsMs())
                + ")";
      }
      out.add(text);
    }
    return out.length() == 0 ? Fmt.duration(e.downtimeMs()) : out.toString();
  }

  private static String clock(Long micros, ZoneId zone) {
    return micros == null ? "-" : Fmt.clock(micros, zone);
  }

  private static String orDash(Long value) {
    return value == null ? "-" : String.valueOf(value);
  }
}
