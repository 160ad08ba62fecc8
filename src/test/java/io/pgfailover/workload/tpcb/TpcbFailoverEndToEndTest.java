package io.pgfailover.workload.tpcb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TpcbFailover end to end: Gatling in its own JVM runs pgbench's TPC-B on the real lab through a
 * real Patroni switchover (shortened phases, scale 1), and the report it leaves is checked.
 */
class TpcbFailoverEndToEndTest {

  @Test
  void tpcbThroughASwitchoverIsReportedPerEndpoint(@TempDir Path results) throws Exception {
    assumeFalse(Boolean.getBoolean("lab.skip"), "lab tests skipped (-Dlab.skip=true)");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1G",
        "--add-opens=java.base/java.lang=ALL-UNNAMED",
        "-Dfailover.results-dir=" + results,
        "-Dfailover.run.warm-up=4s", "-Dfailover.run.trigger-after=5s",
        "-Dfailover.run.tail=5s", "-Dfailover.run.max-duration=90s",
        "-Dfailover.workload.tpcb.scale=1",
        "-Dfailover.workload.tpcb.clients-per-endpoint=2",
        "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
        "io.gatling.app.Gatling", "--simulation", "simulations.TpcbFailover",
        "--results-folder", results.toString()));
    Path log = results.resolve("run.log");
    Process gatling = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    boolean finished = gatling.waitFor(5, TimeUnit.MINUTES);
    if (!finished) {
      gatling.destroyForcibly();
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    assertTrue(finished, "the run did not finish within 5 minutes:\n" + tail(output));
    assertEquals(0, gatling.exitValue(), "Gatling failed:\n" + tail(output));

    Path report = report(results);
    assertTrue(Files.isRegularFile(report.resolve("failover.html")), "no failover page");
    JsonNode json = new ObjectMapper().readTree(report.resolve("failover.json").toFile());
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
      assertEquals(0, json.path("heartbeat").path(endpoint).path("lost").asLong(),
          endpoint + " lost acknowledged writes: " + json.path("heartbeat").path(endpoint));
    }
  }

  private static Path report(Path results) throws IOException {
    try (Stream<Path> dirs = Files.list(results)) {
      return dirs.filter(d -> d.getFileName().toString().startsWith("tpcbfailover-"))
          .filter(d -> Files.isRegularFile(d.resolve("index.html")))
          .findFirst().orElseThrow(() -> new AssertionError("no Gatling report in " + results));
    }
  }

  private static String tail(String output) {
    return output.length() > 6000 ? output.substring(output.length() - 6000) : output;
  }
}
