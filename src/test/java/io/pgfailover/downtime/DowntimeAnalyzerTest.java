package io.pgfailover.downtime;

import static io.pgfailover.downtime.TimelineBuilder.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgfailover.record.ErrorClass;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DowntimeAnalyzerTest {

  @Test
  void cleanFailoverWindowIsExactToTheMicrosecond() {
    TimelineBuilder t = new TimelineBuilder();
    int direct = t.endpoint("direct");
    t.oks(direct, t.read, 10_000, 1_000_000, 10_000);
    t.ok(direct, t.write, 1_000_123, 3_000); // a = last success before the outage
    t.event("asked", 1_005_000);
    t.ko(direct, t.write, 1_020_777, 15_000, ErrorClass.SHUTDOWN, "57P01");
    t.ko(direct, t.read, 1_030_000, 25_000, ErrorClass.CONNECTION_LOST, "08006");
    t.ko(direct, t.tx, 1_400_000, 300_000, ErrorClass.CONNECT_FAILED, "08001");
    t.ko(direct, t.read, 2_000_000, 250_000, ErrorClass.CONNECT_FAILED, "08001");
    t.event("returned", 2_100_000);
    t.ok(direct, t.read, 2_500_457, 400_000); // b = first success after it
    t.oks(direct, t.read, 2_510_000, 3_500_000, 10_000);

    DowntimeReport report = t.analyze();
    EndpointReport e = report.endpoints().get("direct");
    assertEquals(1, e.windows().size());
    DowntimeWindow w = e.windows().get(0);
    assertEquals(T0 + 1_000_123, w.startEpochMicros());
    assertEquals(T0 + 2_500_457, w.endEpochMicros());
    assertEquals(1_500.334, w.durationMs(), 1e-9);
    assertEquals(1_500.334, e.downtimeMs(), 1e-9);
    assertEquals(4, w.failedRequests());
    assertEquals(
        Map.of(
            ErrorClass.SHUTDOWN, 1L, ErrorClass.CONNECTION_LOST, 1L, ErrorClass.CONNECT_FAILED, 2L),
        w.failedByClass());
    assertEquals(Map.of("write", 1L, "read", 2L, "transaction", 1L), w.failedByKind());
    assertEquals(2L, w.failedByOperation().get("business/list_users"));
    assertEquals(T0 + 1_005_000, w.triggerAskedEpochMicros());
    assertEquals(15.777, w.detectionMs(), 1e-9); // first failure end - asked
    assertEquals(20.654, w.detectionAfterStartMs(), 1e-9); // first failure end - a
    assertEquals(1_495.457, w.recoveryMs(), 1e-9); // b - asked
    assertEquals(List.of("asked", "returned"), w.events().stream().map(EventMark::name).toList());
    assertFalse(w.openStart() || w.openEnd());
    assertEquals(4, e.failedRequests());
    assertEquals(e.requests() - 4, e.latencyOk().count());
    assertEquals(
        Map.of(
            ErrorClass.SHUTDOWN, 1L, ErrorClass.CONNECTION_LOST, 1L, ErrorClass.CONNECT_FAILED, 2L),
        e.failuresByClass());
    assertEquals(T0 + 1_005_000, report.trigger().askedEpochMicros());
    assertTrue(report.notes().isEmpty(), report.notes().toString());
  }

  @Test
  void gapsDuringTheWarmUpAreNotDowntime() {
    TimelineBuilder t = new TimelineBuilder();
    int direct = t.endpoint("direct");
    t.oks(direct, t.read, 10_000, 500_000, 10_000);
    t.ok(direct, t.read, 900_000, 5_000); // a 400 ms stall while pools fill
    t.oks(direct, t.read, 910_000, 1_000_000, 10_000);
    t.event("measure-start", 1_000_000);
    t.oks(direct, t.read, 1_010_000, 2_000_000, 10_000);
    t.ok(direct, t.read, 2_300_000, 5_000); // a real 300 ms window after it
    t.oks(direct, t.read, 2_310_000, 3_000_000, 10_000);
    DowntimeReport report = t.analyze();
    EndpointReport e = report.endpoints().get("direct");
    assertEquals(1, e.windows().size());
    assertEquals(T0 + 2_300_000, e.windows().get(0).endEpochMicros());
    assertEquals(300.0, e.downtimeMs(), 1e-9);
    assertTrue(
        report.notes().stream().anyMatch(n -> n.contains("warm-up")), report.notes().toString());
  }

  @Test
  void stallWithoutErrorsIsAWindow() {
    TimelineBuilder t = new TimelineBuilder();
    int proxy = t.endpoint("proxy");
    t.oks(proxy, t.read, 10_000, 1_000_000, 10_000);
    t.ok(proxy, t.read, 1_800_000, 795_000); // held by the proxy during the failover
    t.oks(proxy, t.read, 1_810_000, 2_500_000, 10_000);
    DowntimeWindow w = t.analyze().endpoints().get("proxy").windows().get(0);
    assertEquals(T0 + 1_000_000, w.startEpochMicros());
    assertEquals(T0 + 1_800_000, w.endEpochMicros());
    assertEquals(0, w.failedRequests());
    assertNull(w.detectionMs());
    assertNull(w.detectionAfterStartMs());
    assertNull(w.recoveryMs()); // no trigger in this run
  }

  @Test
  void isolatedErrorBelowThresholdIsNoWindow() {
    TimelineBuilder t = new TimelineBuilder();
    int direct = t.endpoint("direct");
    t.oks(direct, t.read, 10_000, 1_000_000, 10_000);
    t.ko(direct, t.write, 1_005_000, 4_000, ErrorClass.SERIALIZATION, "40001");
    t.oks(direct, t.read, 1_010_000, 2_000_000, 10_000);
    // and a gap of exactly the threshold is not longer than it
    t.ok(direct, t.read, 2_050_000, 2_000);
    EndpointReport e = t.analyze().endpoints().get("direct");
    assertTrue(e.windows().isEmpty());
    assertEquals(0.0, e.downtimeMs());
    assertEquals(1, e.failedRequests());
    assertEquals(Map.of(ErrorClass.SERIALIZATION, 1L), e.failuresByClass());
    assertEquals(Map.of("40001", 1L), e.failuresBySqlState());
  }

  @Test
  void twoOutagesAreTwoWindows() {
    TimelineBuilder t = new TimelineBuilder();
    int direct = t.endpoint("direct");
    t.oks(direct, t.read, 10_000, 1_000_000, 10_000);
    t.ko(direct, t.read, 1_200_000, 100_000, ErrorClass.CONNECTION_LOST, "08006");
    t.oks(direct, t.read, 1_300_000, 2_000_000, 10_000);
    t.ko(direct, t.read, 2_100_000, 10_000, ErrorClass.READ_ONLY, "25006");
    t.ko(direct, t.read, 2_200_000, 10_000, ErrorClass.READ_ONLY, "25006");
    t.oks(direct, t.read, 2_400_000, 3_000_000, 10_000);
    EndpointReport e = t.analyze().endpoints().get("direct");
    assertEquals(2, e.windows().size());
    assertEquals(300.0, e.windows().get(0).durationMs());
    assertEquals(1, e.windows().get(0).failedRequests());
    assertEquals(400.0, e.windows().get(1).durationMs());
    assertEquals(Map.of(ErrorClass.READ_ONLY, 2L), e.windows().get(1).failedByClass());
    assertEquals(700.0, e.downtimeMs());
  }

  @Test
  void concurrentUsersOnlyARealGapCounts() {
    TimelineBuilder t = new TimelineBuilder();
    int direct = t.endpoint("direct");
    // three users, each completing every 90 ms (longer than the threshold), interleaved 30 ms apart
    for (int user = 0; user < 3; user++) {
      long offset = 10_000 + user * 30_000L;
      t.oks(direct, t.read, offset, 1_000_000, 90_000);
      t.ko(direct, t.read, 1_100_000 + offset, 50_000, ErrorClass.CONNECTION_LOST, "08006");
      t.oks(direct, t.read, 1_600_000 + offset, 2_500_000, 90_000);
    }
    EndpointReport e = t.analyze().endpoints().get("direct");
    assertEquals(1, e.windows().size(), e.windows().toString());
    DowntimeWindow w = e.windows().get(0);
    assertEquals(T0 + 1_000_000, w.startEpochMicros()); // last success of any user: user 0
    assertEquals(T0 + 1_610_000, w.endEpochMicros()); // first success of any user: user 0
    assertEquals(3, w.failedRequests());
  }

  @Test
  void runStartingWithFailuresIsAnOpenStartWindow() {
    TimelineBuilder t = new TimelineBuilder();
    int direct = t.endpoint("direct");
    // the first request starts at 50 ms
    t.ko(direct, t.read, 100_000, 50_000, ErrorClass.CANNOT_CONNECT_NOW, "57P03");
    t.ko(direct, t.read, 300_000, 50_000, ErrorClass.CANNOT_CONNECT_NOW, "57P03");
    t.oks(direct, t.read, 400_000, 1_000_000, 10_000);
    DowntimeReport report = t.analyze();
    DowntimeWindow w = report.endpoints().get("direct").windows().get(0);
    assertTrue(w.openStart());
    assertFalse(w.openEnd());
    assertEquals(T0 + 50_000, w.startEpochMicros());
    assertEquals(T0 + 400_000, w.endEpochMicros());
    assertEquals(2, w.failedRequests());
    assertTrue(report.notes().get(0).contains("began with failures"), report.notes().toString());
  }

  @Test
  void runEndingWithFailuresIsAnOpenEndWindowWithoutRecovery() {
    TimelineBuilder t = new TimelineBuilder();
    int direct = t.endpoint("direct");
    t.oks(direct, t.read, 10_000, 1_000_000, 10_000);
    t.event("asked", 1_001_000);
    t.ko(direct, t.read, 1_100_000, 50_000, ErrorClass.CONNECT_FAILED, "08001");
    t.ko(direct, t.read, 1_900_000, 50_000, ErrorClass.CONNECT_FAILED, "08001");
    DowntimeWindow w = t.analyze().endpoints().get("direct").windows().get(0);
    assertTrue(w.openEnd());
    assertEquals(T0 + 1_000_000, w.startEpochMicros());
    assertEquals(T0 + 1_900_000, w.endEpochMicros());
    assertNull(w.recoveryMs());
    assertEquals(99.0, w.detectionMs(), 1e-9);
  }

  @Test
  void endpointThatNeverSucceedsIsOneWindowOverTheRun() {
    TimelineBuilder t = new TimelineBuilder();
    int direct = t.endpoint("direct");
    t.ko(direct, t.read, 100_000, 90_000, ErrorClass.AUTH, "28P01");
    t.ko(direct, t.read, 900_000, 90_000, ErrorClass.AUTH, "28P01");
    EndpointReport e = t.analyze().endpoints().get("direct");
    DowntimeWindow w = e.windows().get(0);
    assertTrue(w.openStart() && w.openEnd());
    assertEquals(890.0, w.durationMs());
    assertEquals(0.0, e.successRatePct());
  }

  @Test
  void quietEndOfRunWithoutFailuresIsNoWindow() {
    TimelineBuilder t = new TimelineBuilder();
    int direct = t.endpoint("direct");
    int reader = t.endpoint("reader");
    t.oks(direct, t.read, 10_000, 2_000_000, 10_000);
    t.oks(reader, t.read, 10_000, 1_000_000, 10_000); // its users simply stopped earlier
    assertTrue(t.analyze().endpoints().get("reader").windows().isEmpty());
  }

  @Test
  void recoveryIsMeasuredFromTheLastAskedBeforeTheWindowEnds() {
    TimelineBuilder t = new TimelineBuilder();
    int direct = t.endpoint("direct");
    t.event("asked", 500_000);
    t.oks(direct, t.read, 10_000, 1_000_000, 10_000);
    t.ko(direct, t.read, 1_200_000, 10_000, ErrorClass.SHUTDOWN, "57P01");
    t.oks(direct, t.read, 1_500_000, 5_000_000, 10_000);
    t.event("asked", 5_100_000); // a second failover of a series, after the first window
    t.ko(direct, t.read, 5_300_000, 10_000, ErrorClass.SHUTDOWN, "57P01");
    t.oks(direct, t.read, 6_000_000, 7_000_000, 10_000);
    EndpointReport e = t.analyze().endpoints().get("direct");
    assertEquals(2, e.windows().size());
    assertEquals(1_000.0, e.windows().get(0).recoveryMs());
    assertEquals(700.0, e.windows().get(0).detectionMs());
    assertEquals(900.0, e.windows().get(1).recoveryMs());
    assertEquals(200.0, e.windows().get(1).detectionMs());
  }

  @Test
  void statsAndComparisonAgainstDirect() {
    TimelineBuilder t = new TimelineBuilder();
    int proxy = t.endpoint("proxy"); // registered first: the baseline must still be "direct"
    int direct = t.endpoint("direct");
    t.oks(direct, t.read, 10_000, 1_000_000, 10_000);
    t.ko(direct, t.write, 1_500_000, 10_000, ErrorClass.CONNECTION_LOST, "08006");
    t.oks(direct, t.read, 2_000_000, 3_000_000, 10_000);
    t.oks(proxy, t.read, 10_000, 1_000_000, 10_000);
    t.ok(proxy, t.read, 1_250_000, 200_000);
    t.oks(proxy, t.read, 1_260_000, 3_000_000, 10_000);
    t.event("asked", 1_000_500);
    DowntimeReport report = t.analyze();
    assertEquals("direct", report.baseline());
    assertEquals(1, report.comparisons().size());
    DowntimeReport.Comparison c = report.comparisons().get(0);
    assertEquals("proxy", c.endpoint());
    assertEquals(1_000.0, c.baselineDowntimeMs());
    assertEquals(250.0, c.downtimeMs());
    assertEquals(-75.0, c.downtimeChangePct());
    EndpointReport d = report.endpoints().get("direct");
    assertEquals(100.0 - d.successRatePct(), c.successRateChangePts(), 1e-9);
    assertEquals(202, d.requests());
    assertEquals(201, d.byKind().get("read").requests());
    assertEquals(1, d.byKind().get("write").failed());
    assertEquals(0.0, d.byKind().get("write").successRatePct());
    // throughput by completion: before = [first start, a), during = [a, b], after = (b, end]
    EndpointReport.Throughput tp = d.throughput();
    assertEquals(99, tp.before().requests());
    assertEquals(3, tp.during().requests()); // a, the failure, b
    assertEquals(100, tp.after().requests());
    assertEquals(T0 + 1_000_000, tp.during().startEpochMicros());
    assertEquals(2.0, d.latencyOk().p50Ms());
    assertEquals(d.requests(), d.latencyAll().count());
    EndpointReport.Timeline tl = d.timeline();
    assertEquals(100, tl.bucketMs());
    assertEquals(Math.floorDiv(T0 / 1000 + 10, 100) * 100, tl.firstBucketEpochMs());
    int ok = 0;
    int ko = 0;
    for (int i = 0; i < tl.ok().length; i++) {
      ok += tl.ok()[i];
      ko += tl.ko()[i];
    }
    assertEquals(d.requests() - 1, ok);
    assertEquals(1, ko);
    assertEquals(100, d.tps().maxTps(), 1.0);
    assertEquals(1, d.tps().errors());
  }
}
