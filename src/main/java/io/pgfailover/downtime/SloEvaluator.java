package io.pgfailover.downtime;

import io.pgfailover.config.Figure;
import io.pgfailover.downtime.Round.EndpointRound;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks a run against its {@link SloSettings}: the downtime of every endpoint in every round, and
 * every endpoint's failed requests and lost writes over the whole run. Pure. A lost-writes SLO on
 * an endpoint whose heartbeat could not be verified is not a violation: the run's {@link Verdict}
 * says the check could not run.
 */
final class SloEvaluator {
  private SloEvaluator() {}

  static SloResult evaluate(
      SloSettings slo,
      List<Round> rounds,
      Map<String, EndpointReport> endpoints,
      Map<String, HeartbeatCheck> heartbeat) {
    if (!slo.isSet()) {
      return SloResult.NOT_SET;
    }
    List<SloCheck> checks = new ArrayList<>();
    if (slo.maxDowntimeMs() != null) {
      double max = slo.maxDowntimeMs();
      for (Round r : rounds) {
        for (Map.Entry<String, EndpointRound> e : r.endpoints().entrySet()) {
          Round.RoundFigure figure = e.getValue().figure(slo.downtimeFigure());
          double downtime = figure == null ? 0 : figure.downtimeMs();
          Figure used = figure == e.getValue().path() ? Figure.PATH : Figure.WORKLOAD;
          if (downtime > max) {
            checks.add(
                round(
                    SloSettings.MAX_DOWNTIME_KEY,
                    e.getKey(),
                    r,
                    SloCheck.Status.MISSED,
                    "SLO "
                        + SloSettings.MAX_DOWNTIME_KEY
                        + " = "
                        + plain(max)
                        + " ms ("
                        + used.label()
                        + " downtime) exceeded by "
                        + e.getKey()
                        + " in round "
                        + r.index()
                        + (r.kind() == null ? "" : " (" + r.kind() + ")")
                        + ": "
                        + grouped(downtime)
                        + " ms, "
                        + grouped(downtime - max)
                        + " ms over"));
          } else {
            checks.add(
                round(
                    SloSettings.MAX_DOWNTIME_KEY,
                    e.getKey(),
                    r,
                    SloCheck.Status.PASSED,
                    grouped(downtime)
                        + " ms "
                        + used.label()
                        + " downtime, limit "
                        + plain(max)
                        + " ms"));
          }
        }
      }
    }
    if (slo.maxFailedRequests() != null) {
      long max = slo.maxFailedRequests();
      for (EndpointReport e : endpoints.values()) {
        long failed = e.loadFailedRequests(); // the workload's: the probe's retries are no load
        if (failed > max) {
          checks.add(
              run(
                  SloSettings.MAX_FAILED_REQUESTS_KEY,
                  e.name(),
                  SloCheck.Status.MISSED,
                  "SLO "
                      + SloSettings.MAX_FAILED_REQUESTS_KEY
                      + " = "
                      + max
                      + " exceeded by "
                      + e.name()
                      + ": "
                      + grouped(failed)
                      + " failed requests in the run, "
                      + grouped(failed - max)
                      + " over"));
        } else {
          checks.add(
              run(
                  SloSettings.MAX_FAILED_REQUESTS_KEY,
                  e.name(),
                  SloCheck.Status.PASSED,
                  grouped(failed) + " failed requests in the run, limit " + max));
        }
      }
    }
    if (slo.maxLostWrites() != null) {
      long max = slo.maxLostWrites();
      for (Map.Entry<String, HeartbeatCheck> e : heartbeat.entrySet()) {
        Long lost = e.getValue().lost();
        if (lost == null) {
          checks.add(
              run(
                  SloSettings.MAX_LOST_WRITES_KEY,
                  e.getKey(),
                  SloCheck.Status.UNCHECKED,
                  "the heartbeat rows were not read from the final primary, so lost writes are"
                      + " unknown"));
        } else if (lost > max) {
          checks.add(
              run(
                  SloSettings.MAX_LOST_WRITES_KEY,
                  e.getKey(),
                  SloCheck.Status.MISSED,
                  "SLO "
                      + SloSettings.MAX_LOST_WRITES_KEY
                      + " = "
                      + max
                      + " exceeded by "
                      + e.getKey()
                      + ": "
                      + grouped(lost)
                      + " acknowledged writes lost (sequence numbers "
                      + e.getValue().lostSeqs()
                      + "), "
                      + grouped(lost - max)
                      + " over"));
        } else {
          checks.add(
              run(
                  SloSettings.MAX_LOST_WRITES_KEY,
                  e.getKey(),
                  SloCheck.Status.PASSED,
                  grouped(lost) + " acknowledged writes lost, limit " + max));
        }
      }
    }
    return SloResult.of(checks);
  }

  private static SloCheck round(
      String slo, String endpoint, Round r, SloCheck.Status status, String detail) {
    return new SloCheck(slo, endpoint, r.index(), r.kind(), status, detail);
  }

  private static SloCheck run(String slo, String endpoint, SloCheck.Status status, String detail) {
    return new SloCheck(slo, endpoint, null, null, status, detail);
  }

  /** The threshold as configured: "5000", "2500.5". */
  static String plain(double value) {
    return new DecimalFormat("0.###", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(value);
  }

  /** A measured figure, thousands grouped by a space: "10 025", "1 500.3". */
  static String grouped(double value) {
    DecimalFormatSymbols symbols = DecimalFormatSymbols.getInstance(Locale.ROOT);
    symbols.setGroupingSeparator(' ');
    return new DecimalFormat("#,##0.#", symbols).format(value);
  }
}
