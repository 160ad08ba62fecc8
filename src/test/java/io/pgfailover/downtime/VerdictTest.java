package io.pgfailover.downtime;

import static io.pgfailover.downtime.TimelineBuilder.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgfailover.config.Figure;
import io.pgfailover.record.ErrorClass;
import io.pgfailover.record.EventName;
import io.pgfailover.record.HeartbeatRow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * How a run ended, read from its analysis: one verdict per outcome CI must tell apart (issue 10),
 * with the lost-writes SLO that makes an acknowledged write lost fail the run.
 */
class VerdictTest {

  /** Seqs 1..10 every 10 ms, all acknowledged. */
  private static TimelineBuilder beats() {
    TimelineBuilder t = new TimelineBuilder();
    int direct = t.endpoint("direct");
    for (long seq = 1; seq <= 10; seq++) {
      t.heartbeat(direct, seq, seq * 10_000, true);
    }
    return t;
  }

  /** Every acknowledged write found on the final primary except those in {@code lost}. */
  private static List<HeartbeatRow> rowsWithout(long... lost) {
    Set<Long> missing = Arrays.stream(lost).boxed().collect(Collectors.toSet());
    List<HeartbeatRow> rows = new ArrayList<>();
    for (long seq = 1; seq <= 10; seq++) {
      if (!missing.contains(seq)) {
        rows.add(new HeartbeatRow("direct", seq, T0 + seq * 10_000 - 500));
      }
    }
    return rows;
  }

  private static AnalysisSettings lostWritesSlo(long max) {
    return AnalysisSettings.defaults().withSlo(new SloSettings(null, null, max, Figure.PATH));
  }

  @Test
  void aVerifiedRunWithoutSloPasses() {
    DowntimeReport report =
        DowntimeAnalyzer.analyze(beats().recording(), rowsWithout(), AnalysisSettings.defaults());
    assertEquals(Verdict.PASSED, report.verdict());
    assertEquals(0, report.exitStatus());
  }

  @Test
  void lostWritesAreReportedOnlyUntilAnSloIsSet() {
    DowntimeReport reportOnly =
        DowntimeAnalyzer.analyze(
            beats().recording(), rowsWithout(4, 5), AnalysisSettings.defaults());
    assertEquals(2L, reportOnly.heartbeat().get("direct").lost());
    assertEquals(Verdict.PASSED, reportOnly.verdict(), "default: lost writes are reported only");

    DowntimeReport strict =
        DowntimeAnalyzer.analyze(beats().recording(), rowsWithout(4, 5), lostWritesSlo(0));
    assertEquals(Verdict.SLO_MISSED, strict.verdict());
    assertEquals(
        List.of(
            "SLO failover.slo.max-lost-writes = 0 exceeded by direct: 2 acknowledged"
                + " writes lost (sequence numbers [4, 5]), 2 over"),
        strict.slo().violations());

    DowntimeReport tolerant =
        DowntimeAnalyzer.analyze(beats().recording(), rowsWithout(4, 5), lostWritesSlo(2));
    assertEquals(Verdict.PASSED, tolerant.verdict(), "the limit is inclusive");
  }

  @Test
  void heartbeatRowsThatWereNotReadLeaveTheRunUnverified() {
    // what a run whose verification found no writer leaves: no heartbeat.tsv
    DowntimeReport report = DowntimeAnalyzer.analyze(beats().recording(), null, lostWritesSlo(0));
    assertFalse(report.heartbeat().get("direct").verified());
    assertTrue(report.slo().passed(), "an unknown loss is no violation, and no pass either");
    assertEquals(Verdict.UNVERIFIED, report.verdict());
    assertEquals(4, report.exitStatus());
  }

  @Test
  void aMissedSloOutranksAnUnverifiedHeartbeatAndAnInterruptOutranksBoth() {
    TimelineBuilder t = beats();
    int direct = t.catalog.endpoint("direct", "writer");
    t.ok(direct, t.read, 10_000, 1_000) // a 2 s outage of the workload, with a failure in it
        .ko(direct, t.read, 1_000_000, 1_000, ErrorClass.CONNECTION_LOST, "08006")
        .ok(direct, t.read, 2_000_000, 1_000);
    AnalysisSettings tight =
        AnalysisSettings.defaults().withSlo(new SloSettings(100.0, null, null, Figure.WORKLOAD));
    assertEquals(
        Verdict.SLO_MISSED, DowntimeAnalyzer.analyze(t.recording(), null, tight).verdict());

    t.event(EventName.INTERRUPTED.label(), 2_100_000, "the run was interrupted");
    DowntimeReport interrupted = DowntimeAnalyzer.analyze(t.recording(), null, tight);
    assertEquals(Verdict.INTERRUPTED, interrupted.verdict());
    assertEquals(130, interrupted.exitStatus());
  }

  @Test
  void everyOutcomeHasItsOwnStatusAndNoneIsOneThatMeansSomethingElse() {
    Set<Integer> statuses =
        Arrays.stream(Verdict.values()).map(Verdict::exitStatus).collect(Collectors.toSet());
    assertEquals(Verdict.values().length, statuses.size(), "distinct statuses");
    assertFalse(statuses.contains(1), "1 is a crash, Gatling's or the JVM's");
    assertFalse(statuses.contains(2), "the Gatling plugin reads a fork's 2 as failed assertions");
    Set<String> lines =
        Arrays.stream(Verdict.values()).map(Verdict::lastLine).collect(Collectors.toSet());
    assertEquals(Verdict.values().length, lines.size(), "distinct last lines");
    assertEquals(
        "failover: SLO-MISSED (exit status 3): the run missed an SLO (failover.slo.*)",
        Verdict.SLO_MISSED.lastLine());
  }
}
