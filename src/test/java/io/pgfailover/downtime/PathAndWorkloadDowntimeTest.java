package io.pgfailover.downtime;

import static io.pgfailover.downtime.TimelineBuilder.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgfailover.config.Figure;
import io.pgfailover.downtime.DowntimeReport.Comparison;
import io.pgfailover.downtime.Round.EndpointRound;
import io.pgfailover.record.ErrorClass;
import io.pgfailover.record.RecordFormat;
import io.pgfailover.report.ConsoleSummary;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The two downtime figures of an endpoint (DESIGN.md section 2): the path's from its probe, the
 * workload's from the pooled requests; outage vs stall windows; where the workload's extra time
 * went (PoolWait); SLOs and comparisons on a chosen figure.
 */
class PathAndWorkloadDowntimeTest {
  private static final long ASKED = 1_000_000;

  /**
   * One failover of "direct", asked at 1.0 s. The probe (heartbeats every 10 ms) is refused from
   * 1.1 s to 2.3 s and served again at 2.37 s (+1.37 s). The pooled workload (reads, 2 ms, 100 µs
   * to get a connection) last succeeds at 0.995 s; then a stale pooled connection fails, two
   * requests time out in the pool (one before the path is back, one after), and the pool hands out
   * its first working connection at 3.64 s (+2.64 s) to a request that started at 2.95 s and
   * completes at 3.642 s; another, started at 3.0 s, gets one at 3.6405 s.
   *
   * @param acquireTimes false: the records carry no acquire time, as in a run folder written before
   *     the field existed
   */
  private static TimelineBuilder poolWaitRun(boolean acquireTimes) {
    TimelineBuilder t = new TimelineBuilder();
    int direct = t.endpoint("direct");
    t.event("asked", ASKED);
    t.beats(direct, 10_000, 1_000_000, 10_000);
    long seq = 1;
    for (long at = 1_100_000; at <= 2_300_000; at += 100_000) {
      t.heartbeat(direct, seq++, at, false);
    }
    t.beats(direct, 2_370_000, 5_000_000, 10_000);
    for (long end = 5_000; end <= 995_000; end += 10_000) {
      t.pooled(direct, t.read, end, 2_000, acquire(acquireTimes, 100));
    }
    t.pooledKo(
        direct,
        t.read,
        1_020_000,
        10_000,
        acquire(acquireTimes, 100),
        ErrorClass.CONNECTION_LOST,
        "08006");
    t.pooledKo(
        direct,
        t.read,
        2_030_000,
        1_000_000,
        acquire(acquireTimes, 1_000_000),
        ErrorClass.POOL_TIMEOUT,
        "08001"); // started 1.03 s, timed out before the path was back
    t.pooledKo(
        direct,
        t.read,
        2_900_000,
        1_000_000,
        acquire(acquireTimes, 1_000_000),
        ErrorClass.POOL_TIMEOUT,
        "08001"); // started 1.9 s, timed out after it
    t.pooled(direct, t.read, 3_642_000, 692_000, acquire(acquireTimes, 690_000)); // b
    t.pooled(direct, t.read, 3_643_000, 643_000, acquire(acquireTimes, 640_500));
    for (long end = 3_650_000; end <= 5_000_000; end += 10_000) {
      t.pooled(direct, t.read, end, 2_000, acquire(acquireTimes, 100));
    }
    return t;
  }

  private static long acquire(boolean recorded, long micros) {
    return recorded ? micros : RecordFormat.NO_ACQUIRE;
  }

  @Test
  void pathAndWorkloadAreComputedApartOnTheSameEndpoint() {
    DowntimeReport report = poolWaitRun(true).analyze();
    EndpointReport e = report.endpoints().get("direct");

    Downtime path = e.path();
    assertEquals(Figure.PATH, path.figure());
    assertEquals(377, path.requests()); // 100 + 13 refused + 264 heartbeats
    assertEquals(13, path.failedRequests());
    assertEquals(Map.of(ErrorClass.CONNECTION_LOST, 13L), path.failuresByClass());
    assertEquals(1, path.windows().size());
    DowntimeWindow p = path.windows().get(0);
    assertEquals(T0 + 1_000_000, p.startEpochMicros()); // the last beat before
    assertEquals(T0 + 2_370_000, p.endEpochMicros()); // the first beat after
    assertEquals(1_370.0, p.recoveryMs());
    assertEquals(100.0, p.detectionMs()); // the first refused beat, 1.1 s
    assertNull(p.poolWait()); // the probe has no pool
    assertEquals(1_370.0, path.downtimeMs());

    Downtime workload = e.workload();
    assertEquals(Figure.WORKLOAD, workload.figure());
    assertEquals(241, workload.requests()); // 100 + 5 + 136 reads
    assertEquals(e.requests(), path.requests() + workload.requests());
    assertEquals(
        Map.of(ErrorClass.CONNECTION_LOST, 1L, ErrorClass.POOL_TIMEOUT, 2L),
        workload.failuresByClass());
    assertEquals(1, workload.windows().size());
    DowntimeWindow w = workload.windows().get(0);
    assertEquals(T0 + 995_000, w.startEpochMicros());
    assertEquals(T0 + 3_642_000, w.endEpochMicros());
    assertEquals(3, w.failedRequests());
    assertEquals(20.0, w.detectionMs()); // the stale connection at 1.02 s
    assertEquals(2_642.0, w.recoveryMs());
    assertEquals(2_647.0, workload.downtimeMs());

    // the top level is the workload's; the endpoint's totals hold both
    assertEquals(workload.windows(), e.windows());
    assertEquals(2_647.0, e.downtimeMs());
    assertEquals(16, e.failedRequests());
    assertEquals(
        Map.of(ErrorClass.CONNECTION_LOST, 14L, ErrorClass.POOL_TIMEOUT, 2L), e.failuresByClass());
    assertEquals(path, e.headline());

    // the round's headline is the path's, with both figures beside it
    EndpointRound r = report.rounds().get(0).endpoints().get("direct");
    assertEquals(Figure.PATH, r.figure());
    assertEquals(1_370.0, r.downtimeMs());
    assertEquals(13, r.failedRequests());
    assertEquals(1_370.0, r.recoveryMs());
    assertEquals(1_370.0, r.path().downtimeMs());
    assertNull(r.path().poolWait());
    assertEquals(2_647.0, r.workload().downtimeMs());
    assertEquals(3, r.workload().failedRequests());
    assertEquals(
        Map.of(ErrorClass.CONNECTION_LOST, 1L, ErrorClass.POOL_TIMEOUT, 2L),
        r.workload().failedByClass());
    assertEquals(2_642.0, r.workload().recoveryMs());
    assertEquals(w.poolWait(), r.workload().poolWait());

    SeriesStats s = report.series().get("direct");
    assertEquals(Figure.PATH, s.figure());
    assertEquals(1_370.0, s.totalDowntimeMs());
    assertEquals(1_370.0, s.downtimeMs().meanMs());
    assertEquals(2_647.0, s.workloadDowntimeMs().meanMs());
  }

  @Test
  void poolWaitSaysWhereTheWorkloadsExtraTimeWent() {
    PoolWait p =
        poolWaitRun(true)
            .analyze()
            .endpoints()
            .get("direct")
            .workload()
            .windows()
            .get(0)
            .poolWait();
    assertTrue(p.pathWasDown());
    assertEquals(T0 + 2_370_000, p.pathBackEpochMicros());
    assertEquals((T0 + 2_370_000) / 1000, p.pathBackEpochMs());
    assertEquals(1_370.0, p.pathBackMs()); // +1.37 s after asked
    // the request that ended the window got its connection at 2.95 s + 690 ms
    assertEquals(T0 + 3_640_000, p.poolConnectedEpochMicros());
    assertEquals(2_640.0, p.poolConnectedMs()); // +2.64 s
    assertEquals(1_272.0, p.behindPathMs()); // b 3.642 s - path back 2.37 s
    // someone waited for the pool from the path's return: the second timeout's request (2.37 s
    // to its timeout at 2.9 s), then, after 50 ms without a waiter, the two requests from 2.95 s
    // to 3.6405 s: 530 + 690.5 ms
    assertEquals(1_220.5, p.poolWaitAfterPathBackMs());
    assertEquals(2, p.poolTimeouts());
    assertEquals(1, p.poolTimeoutsAfterPathBack()); // the one at 2.9 s
  }

  @Test
  void poolTimeoutsCountAsFailuresOfTheirOwnClass() {
    DowntimeReport report = poolWaitRun(true).analyze();
    DowntimeWindow w = report.endpoints().get("direct").windows().get(0);
    assertEquals(2L, w.failedByClass().get(ErrorClass.POOL_TIMEOUT));
    assertFalse(w.failedByClass().containsKey(ErrorClass.CONNECT_FAILED));
    assertEquals(
        2L, report.endpoints().get("direct").failuresByClass().get(ErrorClass.POOL_TIMEOUT));
  }

  @Test
  void anOlderRecordingWithoutAnyAcquireTimeHasNoPathFigureItsHeartbeatRanPooled() {
    TimelineBuilder t = new TimelineBuilder().withoutAcquireTimes();
    int direct = t.endpoint("direct");
    t.beats(direct, 10_000, 1_000_000, 10_000).beats(direct, 1_500_000, 3_000_000, 10_000);
    t.oks(direct, t.read, 10_000, 1_200_000, 20_000)
        .oks(direct, t.read, 1_800_000, 3_000_000, 20_000);
    EndpointReport e = t.analyze().endpoints().get("direct");
    assertNull(e.path(), "before the probe, the heartbeat was pooled: no path figure");
    // one workload of heartbeats and reads mixed, as such a run was analysed when it was written:
    // successes until 1.19 s (the last read), again from 1.5 s (beats); nothing failed and no
    // trigger, so a stall, in the top-level windows as before
    assertEquals(310.0, e.workload().allWindowsMs());
    assertEquals(310.0, e.downtimeMs());
    assertEquals(e.workload().requests(), e.requests());
  }

  @Test
  void aRecordingWithoutAcquireTimesHasNoPoolWait() {
    DowntimeReport report = poolWaitRun(false).analyze();
    EndpointReport e = report.endpoints().get("direct");
    DowntimeWindow w = e.workload().windows().get(0);
    assertNull(w.poolWait());
    assertNull(report.rounds().get(0).endpoints().get("direct").workload().poolWait());
    // the rest does not depend on them
    assertEquals(2_647.0, e.workload().downtimeMs());
    assertEquals(1_370.0, e.path().downtimeMs());
    assertEquals(2, w.failedByClass().get(ErrorClass.POOL_TIMEOUT));
  }

  @Test
  void poolWaitWhileThePathWasUpThroughoutIsAStall() {
    TimelineBuilder t = new TimelineBuilder();
    int direct = t.endpoint("direct");
    t.beats(direct, 10_000, 2_000_000, 10_000);
    for (long end = 5_000; end <= 995_000; end += 10_000) {
      t.pooled(direct, t.read, end, 2_000, 100);
    }
    t.pooled(direct, t.read, 1_402_000, 402_000, 400_000); // 400 ms in getConnection
    for (long end = 1_405_000; end <= 2_000_000; end += 10_000) {
      t.pooled(direct, t.read, end, 2_000, 100);
    }
    EndpointReport e = t.analyze().endpoints().get("direct");
    assertTrue(e.path().windows().isEmpty());
    DowntimeWindow w = e.workload().windows().get(0);
    assertEquals(WindowKind.STALL, w.kind()); // nothing failed, and no trigger
    PoolWait p = w.poolWait();
    assertFalse(p.pathWasDown());
    assertNull(p.pathBackMs());
    assertNull(p.poolConnectedMs()); // no asked to be relative to
    assertEquals(T0 + 1_400_000, p.poolConnectedEpochMicros());
    assertEquals(407.0, p.behindPathMs()); // the whole window: 0.995 s - 1.402 s
    assertEquals(400.0, p.poolWaitAfterPathBackMs()); // from the request's start at 1.0 s
    assertEquals(0, p.poolTimeouts());
    assertEquals(0.0, e.workload().downtimeMs());
    assertEquals(407.0, e.workload().stalls().totalMs());
  }

  /**
   * A workload-only endpoint over two rounds. Round 1 (asked 1.0005 s, settled 3.0005 s): a 800 ms
   * hold without failure (the first window after asked), a 400 ms gap without failure, a 300 ms
   * window with a failure, a 250 ms gap after the cluster settled. Round 2 (asked 10.0005 s,
   * settled 10.1 s): a 300 ms gap without failure that begins after the cluster settled.
   */
  private static TimelineBuilder kindsRun() {
    TimelineBuilder t = new TimelineBuilder();
    int proxy = t.endpoint("proxy");
    t.oks(proxy, t.read, 10_000, 1_000_000, 10_000);
    t.round("failover-start", 1_000_000, 1, "patroni-switchover");
    t.event("asked", 1_000_500);
    t.oks(proxy, t.read, 1_800_000, 2_000_000, 10_000); // held 1.0 - 1.8 s
    t.oks(proxy, t.read, 2_400_000, 2_500_000, 10_000); // 2.0 - 2.4 s
    t.ko(proxy, t.read, 2_600_000, 5_000, ErrorClass.CONNECTION_LOST, "08006");
    t.oks(proxy, t.read, 2_800_000, 4_000_000, 10_000); // 2.5 - 2.8 s
    t.round("cluster-settled", 3_000_500, 1, "");
    t.oks(proxy, t.read, 4_250_000, 10_500_000, 10_000); // 4.0 - 4.25 s
    t.round("failover-start", 10_000_000, 2, "patroni-switchover");
    t.event("asked", 10_000_500);
    t.round("cluster-settled", 10_100_000, 2, "");
    t.oks(proxy, t.read, 10_800_000, 12_000_000, 10_000); // 10.5 - 10.8 s
    return t;
  }

  @Test
  void outagesAndStallsAreToldApart() {
    DowntimeReport report = kindsRun().analyze();
    EndpointReport e = report.endpoints().get("proxy");
    assertNull(e.path());
    Downtime d = e.workload();
    assertEquals(
        List.of(T0 + 1_800_000, T0 + 2_400_000, T0 + 2_800_000, T0 + 4_250_000, T0 + 10_800_000),
        d.windows().stream().map(DowntimeWindow::endEpochMicros).toList());
    assertEquals(
        List.of(
            WindowKind.OUTAGE, // the first window after asked, no failure: the proxy's hold
            WindowKind.STALL, // a later one without failure
            WindowKind.OUTAGE, // a failure makes any window an outage
            WindowKind.STALL, // without failure, after the cluster settled
            WindowKind.STALL), // round 2's first window, but it began after the cluster settled
        d.windows().stream().map(DowntimeWindow::kind).toList());
    assertEquals(1_100.0, d.downtimeMs()); // 800 + 300
    assertEquals(2_050.0, d.allWindowsMs());
    assertEquals(3, d.stalls().count());
    assertEquals(950.0, d.stalls().totalMs());
    assertEquals(400.0, d.stalls().longestMs());
    assertEquals(
        List.of((T0 + 2_000_000) / 1000, (T0 + 4_000_000) / 1000, (T0 + 10_500_000) / 1000),
        d.stalls().startEpochMs());
    assertEquals(2, d.outages().size());
    assertEquals(2_050.0, e.downtimeMs()); // the top level sums every window, as before

    EndpointRound r1 = report.rounds().get(0).endpoints().get("proxy");
    assertEquals(Figure.WORKLOAD, r1.figure()); // no probe
    assertEquals(1_100.0, r1.downtimeMs());
    assertEquals(2, r1.windows());
    assertEquals(1_799.5, r1.recoveryMs()); // the last outage's end 2.8 s - asked
    assertEquals(2, r1.workload().stalls());
    assertEquals(650.0, r1.workload().stallsMs());
    EndpointRound r2 = report.rounds().get(1).endpoints().get("proxy");
    assertEquals(0.0, r2.downtimeMs());
    assertEquals(0, r2.windows());
    assertNull(r2.recoveryMs());
    assertEquals(1, r2.workload().stalls());
    assertEquals(300.0, r2.workload().stallsMs());
    // stalls stay out of the availability
    assertEquals(1_100.0, report.series().get("proxy").totalDowntimeMs());
  }

  @Test
  void sloOnTheWorkloadFigure() {
    AnalysisSettings onWorkload =
        AnalysisSettings.defaults().withSlo(new SloSettings(2_000.0, null, Figure.WORKLOAD));
    assertEquals(
        List.of(
            "SLO failover.slo.max-downtime = 2000 ms (workload downtime) exceeded"
                + " by direct in round 1: 2 647 ms, 647 ms over"),
        poolWaitRun(true).analyze(null, onWorkload).slo().violations());
    // the same limit on the path figure (the default) holds: the path was back after 1370 ms
    SloResult onPath =
        poolWaitRun(true)
            .analyze(null, AnalysisSettings.defaults().withSlo(new SloSettings(2_000.0, null)))
            .slo();
    assertTrue(onPath.passed(), onPath.violations().toString());
    assertEquals(
        List.of(
            "SLO failover.slo.max-downtime = 1000 ms (path downtime) exceeded by"
                + " direct in round 1: 1 370 ms, 370 ms over"),
        poolWaitRun(true)
            .analyze(null, AnalysisSettings.defaults().withSlo(new SloSettings(1_000.0, null)))
            .slo()
            .violations());
  }

  @Test
  void sloOnAFigureTheEndpointLacksIsCheckedOnTheOther() {
    TimelineBuilder t = new TimelineBuilder();
    int direct = t.endpoint("direct");
    t.event("asked", ASKED);
    t.beats(direct, 10_000, 1_000_000, 10_000);
    t.beats(direct, 1_600_000, 2_000_000, 10_000); // probe only: 600 ms
    SloResult slo =
        t.analyze(
                null,
                AnalysisSettings.defaults().withSlo(new SloSettings(500.0, null, Figure.WORKLOAD)))
            .slo();
    assertEquals(
        List.of(
            "SLO failover.slo.max-downtime = 500 ms (path downtime) exceeded by"
                + " direct in round 1: 600 ms, 100 ms over"),
        slo.violations());
  }

  /**
   * direct: path 1000 ms (refused), workload 2000 ms (the pool reconnects late); proxy: path and
   * workload both 500 ms (held, no failure).
   */
  private static TimelineBuilder twoEndpoints(boolean proxyProbe, boolean proxyWorkload) {
    TimelineBuilder t = new TimelineBuilder();
    int direct = t.endpoint("direct");
    int proxy = t.endpoint("proxy");
    t.event("asked", ASKED);
    t.beats(direct, 10_000, 1_000_000, 10_000);
    t.heartbeat(direct, 1, 1_500_000, false);
    t.beats(direct, 2_000_000, 4_000_000, 10_000);
    t.oks(direct, t.read, 5_000, 995_000, 10_000);
    t.ko(direct, t.read, 1_500_000, 5_000, ErrorClass.CONNECTION_LOST, "08006");
    t.oks(direct, t.read, 2_995_000, 4_000_000, 10_000);
    if (proxyProbe) {
      t.beats(proxy, 10_000, 1_000_000, 10_000);
      t.beats(proxy, 1_500_000, 4_000_000, 10_000);
    }
    if (proxyWorkload) {
      t.oks(proxy, t.read, 5_000, 995_000, 10_000);
      t.oks(proxy, t.read, 1_495_000, 4_000_000, 10_000);
    }
    return t;
  }

  @Test
  void comparisonIsOnThePathFigureWithTheWorkloadsBeside() {
    DowntimeReport report = twoEndpoints(true, true).analyze();
    assertEquals(1_000.0, report.endpoints().get("direct").path().downtimeMs());
    assertEquals(2_000.0, report.endpoints().get("direct").workload().downtimeMs());
    Comparison c = report.comparisons().get(0);
    assertEquals("proxy", c.endpoint());
    assertEquals("direct", c.baseline());
    assertEquals(Figure.PATH, c.figure());
    assertEquals(500.0, c.downtimeMs());
    assertEquals(1_000.0, c.baselineDowntimeMs());
    assertEquals(-50.0, c.downtimeChangePct()); // not the workload's -75 %
    assertEquals(500.0, c.workloadDowntimeMs());
    assertEquals(2_000.0, c.baselineWorkloadDowntimeMs());
    assertEquals(-75.0, c.workloadDowntimeChangePct());
  }

  @Test
  void comparisonFallsBackToTheWorkloadWhenAnEndpointHasNoProbe() {
    Comparison c = twoEndpoints(false, true).analyze().comparisons().get(0);
    assertEquals(Figure.WORKLOAD, c.figure());
    assertEquals(500.0, c.downtimeMs());
    assertEquals(2_000.0, c.baselineDowntimeMs());
    assertEquals(-75.0, c.downtimeChangePct());
  }

  @Test
  void comparisonHasNoWorkloadFiguresUnlessBothRanAWorkload() {
    Comparison c = twoEndpoints(true, false).analyze().comparisons().get(0);
    assertEquals(Figure.PATH, c.figure());
    assertEquals(-50.0, c.downtimeChangePct());
    // not proxy's path figure standing in for the workload it never ran
    assertNull(c.workloadDowntimeMs());
    assertNull(c.baselineWorkloadDowntimeMs());
    assertNull(c.workloadDowntimeChangePct());
  }

  @Test
  void consoleShowsBothFiguresAndWhereTheWorkloadsTimeWent() {
    String text = ConsoleSummary.render(poolWaitRun(true).analyze(), ZoneOffset.UTC);
    assertTrue(
        text.contains(
            "\n  direct   path 1370.0 ms | workload 2647.0 ms (+1277.0 ms) |"
                + " failed 3/241 (CONNECTION_LOST 1, POOL_TIMEOUT 2) | success 98.76 % | probe failed 13 |"),
        text); // the workload's 241 requests; the probe's 13 failed attempts apart
    assertTrue(
        text.contains(
            "\n    direct   path back at +1.370 s, the pool gave the first"
                + " working connection at +2.640 s, workload back at +2.642 s: 1220.5 ms of the 1272.0 ms"
                + " behind the path spent waiting for the pool, 1 POOL_TIMEOUT after the path was back\n"),
        text);
  }

  @Test
  void sparseWorkloadBesideADenseProbeIsNoted() {
    TimelineBuilder t = new TimelineBuilder();
    int direct = t.endpoint("direct");
    t.beats(direct, 10_000, 3_000_000, 10_000);
    t.oks(direct, t.read, 300_000, 3_000_000, 300_000); // one request every 300 ms
    DowntimeReport report = t.analyze();
    // the workload's windows are gaps of its own sparse load; the dense probe must not hide that
    assertEquals(9, report.endpoints().get("direct").windows().size());
    assertTrue(
        report.notes().stream()
            .anyMatch(n -> n.startsWith("direct: successes are sparse" + " (median gap 300.0 ms)")),
        report.notes().toString());
  }
}
