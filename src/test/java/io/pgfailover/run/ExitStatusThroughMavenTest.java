package io.pgfailover.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgfailover.downtime.Verdict;
import io.pgfailover.lab.Lab;
import io.pgfailover.lab.LabSettings;
import io.pgfailover.testsupport.GatlingRun;
import io.pgfailover.testsupport.NeedsLab;
import io.pgfailover.testsupport.ScratchPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code mvn gatling:test} itself exits with and prints last, as CI sees it (issue 10): a
 * refusal, a lost-write check that could not run, and an interrupt by a terminal's Ctrl-C or by a
 * CI timeout that kills Maven alone. A missed SLO is {@link FaultMatrixEndToEndTest}'s, a pass
 * {@link ProxyFailoverEndToEndTest}'s. Each run is a real Maven build of this project.
 */
class ExitStatusThroughMavenTest {
  /** Short phases: the interrupt comes during the switchover, about 20 s in. */
  private static final List<String> SHORT_RUN =
      List.of(
          "-Dfailover.run.warm-up=3s",
          "-Dfailover.run.trigger-after=3s",
          "-Dfailover.run.settle=2s",
          "-Dfailover.run.tail=2s",
          "-Dfailover.workload.business.users-per-endpoint=1");

  @Test
  void aMisspelledSimulationIsRefusedWithTheSimulationsThereAre(@TempDir Path results)
      throws Exception {
    GatlingRun run = GatlingRun.startMaven("FaultMatrx", results, List.of()).finish();
    assertEquals(Verdict.REFUSED.exitStatus(), run.exitCode(), run.tail());
    assertTrue(
        run.output()
            .contains(
                "failover: gatling.simulationClass is 'FaultMatrx', and no"
                    + " simulation has that name. Did you mean FaultMatrix? The simulations are FaultMatrix,"
                    + " ProxyFailover, TpcbFailover"),
        run.tail());
    assertEquals(Verdict.REFUSED.lastLine(), run.lastLine());
  }

  @Test
  void badInputHasItsOwnStatusNotFailedAssertions(@TempDir Path results) throws Exception {
    GatlingRun run =
        GatlingRun.startMaven("ProxyFailover", results, List.of("-Dfailover.run.warm-up=-5s"))
            .finish();
    assertEquals(Verdict.REFUSED.exitStatus(), run.exitCode(), run.tail());
    assertTrue(
        run.output().contains("failover: failover.run.warm-up is negative (-5s)"), run.tail());
    assertFalse(run.output().contains("assertions failed"), run.tail());
    assertEquals(Verdict.REFUSED.lastLine(), run.lastLine());
  }

  @Test
  void aRunWhoseHeartbeatCannotBeVerifiedExits4(@TempDir Path results) throws Exception {
    // a configured endpoint whose server goes away for good during the load: no writer answers
    // the lost-write check afterwards
    ScratchPostgres server = ScratchPostgres.startPrivate();
    try {
      GatlingRun.Running running =
          GatlingRun.startMaven(
              "ProxyFailover",
              results,
              List.of(
                  "-Dfailover.endpoints.scratch.url=" + server.jdbcUrl(),
                  "-Dfailover.endpoints.scratch.user=" + ScratchPostgres.USER,
                  "-Dfailover.trigger=none",
                  "-Dfailover.run.warm-up=2s",
                  "-Dfailover.run.baseline-duration=8s",
                  "-Dfailover.workload.business.users-per-endpoint=1"),
              Map.of("FAILOVER_PASSWORD", ScratchPostgres.PASSWORD));
      running.awaitOutput("s baseline", Duration.ofMinutes(2));
      server.stop();
      GatlingRun run = running.finish();
      assertEquals(Verdict.UNVERIFIED.exitStatus(), run.exitCode(), run.tail());
      assertEquals(Verdict.UNVERIFIED.lastLine(), run.lastLine());
      assertTrue(
          run.output()
              .contains(
                  "heartbeat verification failed: no writer endpoint" + " answered within 30 s"),
          run.tail());
      JsonNode json = run.json();
      assertEquals("unverified", json.path("verdict").asText());
      assertFalse(
          json.path("heartbeat").path("scratch").path("verified").asBoolean(true),
          json.path("heartbeat").toString());
    } finally {
      server.stop();
    }
  }

  @Test
  @NeedsLab
  void ctrlCDuringTheSwitchoverEndsWith130AndAReportThatSaysSo(@TempDir Path results)
      throws Exception {
    GatlingRun.Running running = GatlingRun.startMaven("ProxyFailover", results, SHORT_RUN);
    running.awaitOutput("trigger: asked switchover", Duration.ofMinutes(3));
    Thread.sleep(300); // inside the outage
    running.signal("INT", true); // a terminal's Ctrl-C reaches Maven and its fork alike
    assertInterrupted(running.finish());
  }

  @Test
  @NeedsLab
  void aTimeoutThatKillsMavenAloneStopsTheRunToo(@TempDir Path results) throws Exception {
    GatlingRun.Running running = GatlingRun.startMaven("ProxyFailover", results, SHORT_RUN);
    running.awaitOutput("trigger: asked switchover", Duration.ofMinutes(3));
    Thread.sleep(300);
    running.signal("TERM", false); // Maven's JVM only: the plugin's fork hears nothing itself
    assertInterrupted(running.finish());
  }

  private static void assertInterrupted(GatlingRun run) throws Exception {
    assertEquals(Verdict.INTERRUPTED.exitStatus(), run.exitCode(), run.tail());
    assertEquals(Verdict.INTERRUPTED.lastLine(), run.lastLine());
    assertTrue(run.output().contains("  INTERRUPTED at "), run.tail());
    JsonNode json = run.runFolderJson();
    assertTrue(json.path("interrupted").asBoolean(), json.toString());
    assertEquals("interrupted", json.path("verdict").asText());
    assertEquals(130, json.path("exitStatus").asInt());
    // the run started the lab, so the interrupt stopped it: nothing left running or frozen
    assertTrue(Lab.attach(LabSettings.defaults()).isEmpty(), "the lab was left running");
  }
}
