package io.pgfailover.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgfailover.downtime.Verdict;
import io.pgfailover.lab.LabSettings;
import io.pgfailover.testsupport.GatlingRun;
import io.pgfailover.testsupport.NeedsLab;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product end to end: {@code mvn gatling:test} runs the real ProxyFailover simulation against
 * the real lab with a real Patroni switchover, with shortened phases, and the report it leaves is
 * checked.
 */
@NeedsLab
class ProxyFailoverEndToEndTest {

  @Test
  void switchoverGivesAWindowOnEveryPathAndLosesNoAcknowledgedWrite(@TempDir Path results)
      throws Exception {
    GatlingRun run =
        GatlingRun.startMaven(
                "ProxyFailover",
                results,
                List.of(
                    "-Dfailover.run.warm-up=5s",
                    "-Dfailover.run.trigger-after=5s",
                    "-Dfailover.run.tail=5s",
                    "-Dfailover.run.max-duration=90s",
                    "-Dfailover.workload.business.users-per-endpoint=2"))
            .finish();
    assertEquals(Verdict.PASSED.exitStatus(), run.exitCode(), "the run failed:\n" + run.tail());
    assertEquals(Verdict.PASSED.lastLine(), run.lastLine());

    Path report = run.report();
    assertTrue(Files.isRegularFile(report.resolve("failover.html")), "no failover page");
    assertTrue(
        Files.readString(report.resolve("index.html")).contains("failover.html"),
        "index.html does not link the failover page");
    JsonNode json = run.json();
    assertEquals("patroni-switchover", json.path("trigger").path("kind").asText());
    for (String endpoint : List.of("direct", "proxy")) {
      JsonNode e = json.path("endpoints").path(endpoint);
      assertTrue(e.path("windows").size() >= 1, endpoint + " has no downtime window: " + e);
      double downtimeMs = e.path("downtimeMs").asDouble();
      assertTrue(downtimeMs > 100 && downtimeMs < 60_000, endpoint + " downtime " + downtimeMs);
      assertTrue(e.path("requests").asLong() > 100, endpoint + " ran too few requests: " + e);
      assertEquals(
          0,
          json.path("heartbeat").path(endpoint).path("lost").asLong(),
          endpoint + " lost acknowledged writes: " + json.path("heartbeat").path(endpoint));
      assertTrue(
          json.path("heartbeat").path(endpoint).path("acked").asLong() > 100,
          endpoint + " heartbeat: " + json.path("heartbeat").path(endpoint));
    }
    String password = LabSettings.defaults().password();
    assertTrue(password.length() >= 16, "the lab password file is missing or short");
    assertFalse(run.output().contains(password), "the lab password appears in the output");
    try (Stream<Path> files = Files.walk(results)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        if (!f.toString().endsWith(".bin") && !f.toString().endsWith(".log")) {
          assertFalse(
              Files.readString(f, StandardCharsets.ISO_8859_1).contains(password),
              "the lab password appears in " + f);
        }
      }
    }
  }
}
