package io.pgfailover.workload.tpcb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgfailover.testsupport.GatlingRun;
import io.pgfailover.testsupport.NeedsLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TpcbFailover end to end: Gatling in its own JVM runs pgbench's TPC-B on the real lab through a
 * real Patroni switchover (shortened phases, scale 1), and the report it leaves is checked.
 */
@NeedsLab
class TpcbFailoverEndToEndTest {

  @Test
  void tpcbThroughASwitchoverIsReportedPerEndpoint(@TempDir Path results) throws Exception {
    GatlingRun run =
        GatlingRun.run(
            "TpcbFailover",
            results,
            List.of(
                "-Dfailover.run.warm-up=4s",
                "-Dfailover.run.trigger-after=5s",
                "-Dfailover.run.tail=5s",
                "-Dfailover.run.max-duration=90s",
                "-Dfailover.workload.tpcb.scale=1",
                "-Dfailover.workload.tpcb.clients-per-endpoint=2"));
    assertEquals(0, run.exitCode(), "Gatling failed:\n" + run.tail());

    assertTrue(Files.isRegularFile(run.report().resolve("failover.html")), "no failover page");
    JsonNode json = run.json();
    assertEquals("patroni-switchover", json.path("trigger").path("kind").asText());
    for (String endpoint : List.of("direct", "proxy")) {
      JsonNode e = json.path("endpoints").path(endpoint);
      assertTrue(e.path("windows").size() >= 1, endpoint + " has no downtime window: " + e);
      JsonNode tps = e.path("tps");
      assertEquals("tpcb", tps.path("workloads").path(0).asText(), endpoint + " tps: " + tps);
      assertTrue(tps.path("averageTps").asDouble() > 20, endpoint + " tps: " + tps);
      assertTrue(tps.path("maxTps").asDouble() >= tps.path("averageTps").asDouble(), "" + tps);
      assertTrue(tps.path("averageLatencyMs").asDouble() > 0, endpoint + " tps: " + tps);
      assertTrue(tps.has("errors"), endpoint + " tps: " + tps);
      assertTrue(e.path("perSecond").path("ok").size() >= 10, endpoint + " per-second series");
      assertEquals(
          0,
          json.path("heartbeat").path(endpoint).path("lost").asLong(),
          endpoint + " lost acknowledged writes: " + json.path("heartbeat").path(endpoint));
    }
  }
}
