package io.pgfailover.downtime;

import static io.pgfailover.downtime.TimelineBuilder.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgfailover.config.Figure;
import io.pgfailover.downtime.Round.EndpointRound;
import io.pgfailover.downtime.SeriesStats.Distribution;
import io.pgfailover.record.ErrorClass;
import io.pgfailover.record.HeartbeatRow;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Several failovers in one run: rounds, series statistics, fault matrix, SLOs. */
class SeriesAnalysisTest {

  /**
   * Three kill-primary rounds on "direct": windows of 2000 ms (round 1), 6000 ms (round 2) and 500
   * + 300 ms (round 3); measured period 1 ms .. 100 s; heartbeats: seq 1 lost before round 1, seq 2
   * indeterminate in round 2, seq 3 lost in round 3, seq 4 fine.
   *
   * <p>Every record is the endpoint's path probe (read probes and the four heartbeat writes, no
   * pooled workload): the rounds, series and SLOs are on the path figure, so the probe has to see
   * the outages. PathAndWorkloadDowntimeTest has rounds with both figures.
   */
  private static TimelineBuilder series() {
    TimelineBuilder t = new TimelineBuilder();
    int direct = t.endpoint("direct");
    t.event("load-start", 0, "virtual users started");
    t.event("measure-start", 1_000, "warm-up over");
    t.oks(direct, t.probe, 10_000, 10_000_000, 10_000);
    t.round("failover-start", 10_000_500, 1, "kill-primary");
    t.event("asked", 10_001_000);
    t.ko(direct, t.probe, 10_500_000, 5_000, ErrorClass.SHUTDOWN, "57P01");
    t.oks(direct, t.probe, 12_000_000, 40_000_000, 10_000);
    t.round("cluster-settled", 25_001_000, 1, "");
    t.round("failover-start", 40_000_500, 2, "kill-primary");
    t.event("asked", 40_001_000);
    t.ko(direct, t.probe, 41_000_000, 5_000, ErrorClass.SHUTDOWN, "57P01");
    t.event("asked", 43_000_000); // a second asked inside the round must not shift it
    t.ko(direct, t.probe, 44_000_000, 5_000, ErrorClass.SHUTDOWN, "57P01");
    t.oks(direct, t.probe, 46_000_000, 70_000_000, 10_000);
    // no cluster-settled #2: the cluster never settled
    t.round("failover-start", 70_000_500, 3, "kill-primary");
    t.event("asked", 70_001_000);
    // a 500 ms stall, no failure: an outage all the same, the round's first window after asked,
    // begun before cluster-settled
    t.oks(direct, t.probe, 70_500_000, 80_000_000, 10_000);
    t.ko(direct, t.probe, 80_100_000, 5_000, ErrorClass.CONNECTION_LOST, "08006");
    t.oks(direct, t.probe, 80_300_000, 100_000_000, 10_000);
    t.round("cluster-settled", 71_001_500, 3, "");
    t.event("load-stop", 100_001_000, "measured phase over");
    t.heartbeat(direct, 1, 5_000_005, true);
    t.heartbeat(direct, 2, 41_000_005, false);
    t.heartbeat(direct, 3, 75_000_005, true);
    t.heartbeat(direct, 4, 90_000_005, true);
    return t;
  }

  private static final List<HeartbeatRow> ROWS =
      List.of(
          new HeartbeatRow("direct", 2, T0 + 41_000_000),
          new HeartbeatRow("direct", 4, T0 + 90_000_000));

  @Test
  void roundsOfASeriesHaveTheirOwnWindowsFailuresSettleAndHeartbeats() {
    DowntimeReport report = series().analyze(ROWS, AnalysisSettings.defaults());
    List<Round> rounds = report.rounds();
    assertEquals(3, rounds.size());
    assertFalse(report.isMatrix());

    Round r1 = rounds.get(0);
    assertEquals(1, r1.index());
    assertEquals("kill-primary", r1.kind());
    assertEquals(T0 + 10_000_500, r1.failoverStartEpochMicros());
    assertEquals(T0 + 10_001_000, r1.askedEpochMicros());
    assertEquals(15_000.0, r1.settleMs());
    EndpointRound d1 = r1.endpoints().get("direct");
    assertEquals(Figure.PATH, d1.figure()); // the headline: the endpoint has a probe
    assertNull(d1.workload()); // and no pooled workload
    assertEquals(2_000.0, d1.path().downtimeMs());
    assertEquals(2_000.0, d1.downtimeMs());
    assertEquals(1, d1.windows());
    assertEquals(1, d1.failedRequests());
    assertEquals(Map.of(ErrorClass.SHUTDOWN, 1L), d1.failedByClass());
    assertEquals(1_999.0, d1.recoveryMs());
    assertEquals(0L, d1.lost()); // seq 1 was lost before round 1 began
    assertEquals(0L, d1.indeterminate());

    Round r2 = rounds.get(1);
    assertNull(r2.settledEpochMicros());
    assertNull(r2.settleMs());
    EndpointRound d2 = r2.endpoints().get("direct");
    assertEquals(6_000.0, d2.downtimeMs());
    assertEquals(3, d2.failedRequests()); // two failed probes and the failed heartbeat
    assertEquals(
        Map.of(ErrorClass.SHUTDOWN, 2L, ErrorClass.CONNECTION_LOST, 1L), d2.failedByClass());
    assertEquals(5_999.0, d2.recoveryMs()); // from the round's first asked, not the retry
    assertEquals(0L, d2.lost());
    assertEquals(1L, d2.indeterminate());
    DowntimeWindow w2 = report.endpoints().get("direct").windows().get(1);
    assertEquals(T0 + 40_001_000, w2.triggerAskedEpochMicros());
    assertEquals(5_999.0, w2.recoveryMs());
    assertEquals(999.0, w2.detectionMs(), 1e-9); // first failure 41 s - the round's asked

    Round r3 = rounds.get(2);
    assertEquals(1_000.5, r3.settleMs());
    EndpointRound d3 = r3.endpoints().get("direct");
    assertEquals(800.0, d3.downtimeMs());
    assertEquals(2, d3.windows());
    assertEquals(0, d3.path().stalls()); // the failure-free 500 ms is the round's outage
    assertEquals(1, d3.failedRequests());
    assertEquals(10_299.0, d3.recoveryMs()); // the last window's end - asked
    assertEquals(1L, d3.lost());
    assertEquals(0L, d3.indeterminate());
  }

  @Test
  void seriesStatisticsAreExact() {
    DowntimeReport report = series().analyze(ROWS, AnalysisSettings.defaults());
    SeriesStats s = report.series().get("direct");
    assertEquals(3, s.rounds());
    Distribution d = s.downtimeMs();
    assertEquals(new Distribution(3, 2_933.333, 800.0, 6_000.0, 2_000.0, 6_000.0), d);
    Distribution r = s.recoveryMs();
    assertEquals(new Distribution(3, 6_099.0, 1_999.0, 10_299.0, 5_999.0, 10_299.0), r);
    assertEquals(
        Map.of("0-5 s", 2L, "5-10 s", 1L, "10-15 s", 0L, "15-30 s", 0L, "30+ s", 0L),
        s.downtimeBuckets());
    assertEquals(
        List.of("0-5 s", "5-10 s", "10-15 s", "15-30 s", "30+ s"),
        List.copyOf(s.downtimeBuckets().keySet()));
    assertEquals(100_000.0, s.measuredPeriodMs()); // measure-start 1 ms .. load-stop 100 001 ms
    assertEquals(8_800.0, s.totalDowntimeMs());
    assertEquals(0.912, s.availability(), 1e-12);
    assertEquals(91.2, s.availabilityPct(), 1e-9);
    assertEquals(Math.round(-Math.log10(0.088) * 1000) / 1000.0, s.nines(), 1e-12);
    assertEquals(1.056, s.nines(), 1e-12);
    double yearSec = 0.088 * 365.25 * 86_400;
    assertEquals(Math.round(yearSec * 10) / 10.0, s.yearlyDowntimeAtThisAvailabilitySec(), 1e-9);
    assertEquals(
        Math.round(yearSec / 60 * 100) / 100.0, s.yearlyDowntimeAtThisAvailabilityMin(), 1e-9);
    assertEquals(2_933.333, s.downtimePerFailoverMs());
  }

  @Test
  void medianOfAnEvenCountIsTheMeanOfTheMiddleTwoAndBucketsIncludeTheirLowerBound() {
    Distribution d = SeriesStatistics.distribution(List.of(4_000.0, 1_000.0, 3_000.0, 2_000.0));
    assertEquals(2_500.0, d.medianMs());
    assertEquals(4_000.0, d.p95Ms());
    assertEquals(0, SeriesStatistics.bucket(4_999.999));
    assertEquals(1, SeriesStatistics.bucket(5_000.0));
    assertEquals(3, SeriesStatistics.bucket(29_999.0));
    assertEquals(4, SeriesStatistics.bucket(30_000.0));
  }

  @Test
  void noDowntimeCapsTheNines() {
    TimelineBuilder t = new TimelineBuilder();
    int direct = t.endpoint("direct");
    t.oks(direct, t.read, 10_000, 5_000_000, 10_000);
    t.round("failover-start", 1_000_000, 1, "patroni-switchover");
    t.event("asked", 1_000_100);
    SeriesStats s = t.analyze().series().get("direct");
    assertEquals(1.0, s.availability());
    assertEquals(SeriesStats.MAX_NINES, s.nines());
    assertEquals(0.0, s.yearlyDowntimeAtThisAvailabilitySec());
    assertNull(s.recoveryMs());
    // no measure-start/load-stop: first request's start (8 ms) to last end (5000 ms)
    assertEquals(4_992.0, s.measuredPeriodMs());
  }

  @Test
  void faultMatrixOfTwoKindsOnTwoEndpoints() {
    TimelineBuilder t = new TimelineBuilder();
    int direct = t.endpoint("direct");
    int proxy = t.endpoint("proxy");
    t.event("measure-start", 0, "warm-up over");
    t.oks(direct, t.read, 10_000, 3_000_000, 10_000);
    // before any failover: in no round; the failure makes it an outage (a failure-free gap outside
    // the trigger's window would be a stall, outside the total)
    t.ko(direct, t.read, 3_200_000, 1_000, ErrorClass.CONNECTION_LOST, "08006");
    t.oks(direct, t.read, 3_400_000, 10_000_000, 10_000);
    t.oks(proxy, t.read, 10_000, 10_000_000, 10_000);
    t.round("failover-start", 10_000_100, 1, "kill-primary");
    t.event("asked", 10_000_200);
    t.ko(direct, t.read, 10_100_000, 1_000, ErrorClass.SHUTDOWN, "57P01");
    t.oks(direct, t.read, 11_000_000, 20_000_000, 10_000);
    t.oks(proxy, t.read, 12_500_000, 20_000_000, 10_000); // 2.5 s stall
    t.round("cluster-settled", 14_000_200, 1, "");
    t.round("failover-start", 20_000_100, 2, "patroni-switchover");
    t.event("asked", 20_000_200);
    t.oks(direct, t.read, 20_300_000, 30_000_000, 10_000);
    t.ko(proxy, t.read, 20_200_000, 1_000, ErrorClass.CONNECTION_LOST, "08006");
    t.ko(proxy, t.read, 20_300_000, 1_000, ErrorClass.CONNECTION_LOST, "08006");
    t.oks(proxy, t.read, 20_400_000, 30_000_000, 10_000);
    t.round("cluster-settled", 22_000_200, 2, "");
    t.event("load-stop", 30_000_000, "measured phase over");
    DowntimeReport report = t.analyze();
    assertTrue(report.isMatrix());
    assertEquals(
        List.of("kill-primary", "patroni-switchover"),
        report.rounds().stream().map(Round::kind).toList());
    Round kill = report.rounds().get(0);
    Round switchover = report.rounds().get(1);
    assertEquals(4_000.0, kill.settleMs());
    assertEquals(2_000.0, switchover.settleMs());
    assertEquals(1_000.0, kill.endpoints().get("direct").downtimeMs());
    assertEquals(1, kill.endpoints().get("direct").failedRequests());
    assertEquals(2_500.0, kill.endpoints().get("proxy").downtimeMs());
    assertEquals(0, kill.endpoints().get("proxy").failedRequests());
    assertNull(kill.endpoints().get("proxy").lost()); // no heartbeat on this endpoint
    assertEquals(300.0, switchover.endpoints().get("direct").downtimeMs());
    assertEquals(400.0, switchover.endpoints().get("proxy").downtimeMs());
    assertEquals(2, switchover.endpoints().get("proxy").failedRequests());
    assertEquals(
        Map.of(ErrorClass.CONNECTION_LOST, 2L),
        switchover.endpoints().get("proxy").failedByClass());
    // the 400 ms outage before the first failover counts in the total (availability), in no round
    SeriesStats direct2 = report.series().get("direct");
    assertEquals(Figure.WORKLOAD, direct2.figure()); // no probe on these endpoints
    assertEquals(1_700.0, direct2.totalDowntimeMs());
    assertEquals(650.0, direct2.downtimeMs().meanMs());
    assertEquals(1_700.0, report.endpoints().get("direct").downtimeMs());
  }

  @Test
  void oldSingleFailoverRunIsOneImplicitRound() {
    TimelineBuilder t = new TimelineBuilder();
    int direct = t.endpoint("direct");
    t.oks(direct, t.read, 10_000, 1_000_000, 10_000);
    t.event("asked", 1_005_000);
    t.ko(direct, t.read, 1_100_000, 10_000, ErrorClass.SHUTDOWN, "57P01");
    t.oks(direct, t.read, 2_500_000, 3_000_000, 10_000);
    DowntimeReport report =
        t.analyze(null, AnalysisSettings.defaults().withTriggerKind("patroni-switchover"));
    assertEquals(1, report.rounds().size());
    Round r = report.rounds().get(0);
    assertEquals(1, r.index());
    assertEquals("patroni-switchover", r.kind());
    assertNull(r.failoverStartEpochMicros());
    assertEquals(T0 + 1_005_000, r.askedEpochMicros());
    EndpointRound d = r.endpoints().get("direct");
    assertEquals(report.endpoints().get("direct").downtimeMs(), d.downtimeMs());
    assertEquals(1_500.0, d.downtimeMs());
    assertEquals(1_495.0, d.recoveryMs());
    assertEquals(report.endpoints().get("direct").windows().get(0).recoveryMs(), d.recoveryMs());
    assertNull(d.lost()); // heartbeats not verified
    assertTrue(report.slo().passed());
    assertTrue(report.slo().violations().isEmpty());
  }

  @Test
  void sloViolationsNameTheSloTheEndpointTheRoundAndByHowMuch() {
    AnalysisSettings settings = AnalysisSettings.defaults().withSlo(new SloSettings(5_000.0, 2L));
    SloResult slo = series().analyze(ROWS, settings).slo();
    assertFalse(slo.passed());
    assertEquals(
        List.of(
            "SLO failover.slo.max-downtime = 5000 ms (path downtime) exceeded by direct in round 2"
                + " (kill-primary): 6 000 ms, 1 000 ms over",
            "SLO failover.slo.max-failed-requests = 2 exceeded by direct: 5 failed requests in the"
                + " run, 3 over"),
        slo.violations());
  }

  @Test
  void sloPassesWhenEveryRoundIsWithinIt() {
    AnalysisSettings settings =
        AnalysisSettings.defaults().withSlo(new SloSettings(6_000.0, 5L)); // limits are inclusive
    SloResult slo = series().analyze(ROWS, settings).slo();
    assertTrue(slo.passed(), slo.violations().toString());
    assertTrue(slo.violations().isEmpty());
    SloResult downtimeOnly =
        series()
            .analyze(ROWS, AnalysisSettings.defaults().withSlo(new SloSettings(1_999.5, null)))
            .slo();
    assertEquals(2, downtimeOnly.violations().size()); // rounds 1 (2000 ms) and 2 (6000 ms)
    assertTrue(
        downtimeOnly
            .violations()
            .get(0)
            .endsWith("in round 1 (kill-primary): 2 000 ms," + " 0.5 ms over"),
        downtimeOnly.violations().get(0));
  }

  @Test
  void sloGroupsLargeFigures() {
    assertEquals("10 025", SloEvaluator.grouped(10_025.0));
    assertEquals("1 500.3", SloEvaluator.grouped(1_500.34));
    assertEquals("5000", SloEvaluator.plain(5_000.0));
  }
}
