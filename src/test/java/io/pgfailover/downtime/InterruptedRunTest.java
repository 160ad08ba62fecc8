package io.pgfailover.downtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgfailover.record.EventName;
import io.pgfailover.report.ConsoleSummary;
import io.pgfailover.report.JsonReport;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/**
 * A run stopped mid-outage says so, and the outage in progress is a window open at the interrupt
 * (issue 10: Ctrl-C 1.2 s into a switchover printed "downtime 0.0 ms in 0 windows").
 */
class InterruptedRunTest {

  /**
   * Heartbeats until 1.0 s, the trigger then, a proxy holding every request until the interrupt.
   */
  private static TimelineBuilder stalledThenInterrupted(long interruptAt) {
    TimelineBuilder t = new TimelineBuilder();
    int proxy = t.endpoint("proxy");
    t.beats(proxy, 10_000, 1_000_000, 10_000);
    t.event("measure-start", 5_000).event("asked", 1_000_500);
    t.event(EventName.INTERRUPTED.label(), interruptAt, "the run was interrupted");
    return t;
  }

  @Test
  void theOutageInProgressIsAWindowOpenAtTheInterrupt() {
    DowntimeReport report = stalledThenInterrupted(2_200_000).analyze();
    assertTrue(report.interrupted());
    assertEquals((TimelineBuilder.T0 + 2_200_000) / 1000, report.interruptedEpochMs());
    Downtime path = report.endpoints().get("proxy").path();
    assertEquals(1, path.windows().size());
    DowntimeWindow w = path.windows().get(0);
    assertTrue(w.openEnd(), "still down at the interrupt");
    assertEquals(WindowKind.OUTAGE, w.kind());
    assertEquals(1_200.0, w.durationMs()); // the last success at 1.0 s to the interrupt at 2.2 s
    assertNull(w.recoveryMs());
    assertEquals(1_200.0, path.downtimeMs());
    assertTrue(report.notes().get(0).startsWith("The run was interrupted"), report.notes().get(0));

    String text = ConsoleSummary.render(report, ZoneOffset.UTC);
    assertTrue(
        text.contains(
            "\n  INTERRUPTED at 02:13:22.200: the figures cover the run until" + " then\n"),
        text);
    assertTrue(text.contains("proxy    path 1200.0 ms"), text);
    String json = JsonReport.toJson(report);
    assertTrue(json.contains("\"interrupted\" : true"), json);
  }

  @Test
  void anInterruptAfterTheLoadStoppedCutsNoWindow() {
    TimelineBuilder t = stalledThenInterrupted(2_200_000);
    t.event(EventName.LOAD_STOP.label(), 1_000_200);
    DowntimeReport report = t.analyze();
    assertTrue(report.interrupted(), "still said: verification did not finish");
    assertEquals(
        0,
        report.endpoints().get("proxy").path().windows().size(),
        "successes stopped because the load did, not because the path was down");
  }

  @Test
  void aRunThatWasNotInterruptedSaysNothing() {
    TimelineBuilder t = new TimelineBuilder();
    t.beats(t.endpoint("proxy"), 10_000, 1_000_000, 10_000);
    DowntimeReport report = t.analyze();
    assertFalse(report.interrupted());
    assertFalse(ConsoleSummary.render(report, ZoneOffset.UTC).contains("INTERRUPTED"));
  }
}
