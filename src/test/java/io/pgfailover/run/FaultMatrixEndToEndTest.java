package io.pgfailover.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgfailover.downtime.Verdict;
import io.pgfailover.testsupport.GatlingRun;
import io.pgfailover.testsupport.NeedsLab;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault matrix in one command, on the real lab: a Patroni switchover, then PgBouncer killed and
 * restarted, with a heal in between; an SLO the run cannot meet fails {@code mvn gatling:test} with
 * status 3, after the whole report is written.
 */
@NeedsLab
class FaultMatrixEndToEndTest {

  @Test
  void eachFaultIsARoundAndAMissedSloFailsTheRun(@TempDir Path results) throws Exception {
    GatlingRun run =
        GatlingRun.startMaven(
                "FaultMatrix",
                results,
                List.of(
                    "-Dfailover.matrix=patroni-switchover,kill-proxy",
                    "-Dfailover.run.warm-up=5s",
                    "-Dfailover.run.trigger-after=5s",
                    "-Dfailover.run.settle=3s",
                    "-Dfailover.run.tail=4s",
                    "-Dfailover.workload.business.users-per-endpoint=2",
                    "-Dfailover.slo.max-downtime=100ms"))
            .finish();
    // through mvn itself, as CI runs it: the run's own status and last line, not Maven's 1
    assertEquals(
        Verdict.SLO_MISSED.exitStatus(),
        run.exitCode(),
        "a 100 ms SLO cannot hold:\n" + run.tail());
    assertEquals(Verdict.SLO_MISSED.lastLine(), run.lastLine());
    assertEquals("slo-missed", run.json().path("verdict").asText());
    assertTrue(
        run.output()
            .contains("SLO failover.slo.max-downtime = 100 ms (path downtime)" + " exceeded by"),
        run.tail());

    JsonNode json = run.json();
    JsonNode rounds = json.path("rounds");
    assertEquals(2, rounds.size(), "rounds: " + rounds);
    assertEquals("patroni-switchover", rounds.path(0).path("kind").asText());
    assertEquals("kill-proxy", rounds.path(1).path("kind").asText());
    assertTrue(rounds.path(0).path("settleMs").asDouble() > 0, "settle: " + rounds.path(0));
    // killing PgBouncer takes down the proxy path only
    JsonNode proxyRound = rounds.path(1).path("endpoints").path("proxy");
    assertTrue(proxyRound.path("downtimeMs").asDouble() > 200, "proxy: " + proxyRound);
    assertTrue(
        rounds.path(1).path("endpoints").path("direct").path("downtimeMs").asDouble()
            < proxyRound.path("downtimeMs").asDouble(),
        "direct does not go through PgBouncer: " + rounds.path(1));
    assertTrue(json.path("matrix").asBoolean());
    assertFalse(json.path("slo").path("passed").asBoolean());
    assertEquals(
        3, json.path("series").size(), "series stats per endpoint: " + json.path("series"));
  }
}
