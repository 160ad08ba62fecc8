package io.pgfailover.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * The product end to end: Gatling runs the real ProxyFailover simulation (a separate JVM, as the
 * Maven plugin does) against the real lab with a real Patroni switchover, with shortened phases, and
 * the report it leaves is checked.
 */
class ProxyFailoverEndToEndTest {

  @Test
  void switchoverGivesAWindowOnEveryPathAndLosesNoAcknowledgedWrite(@TempDir Path results)
      throws Exception {
    assumeFalse(Boolean.getBoolean("lab.skip"), "lab tests skipped (-Dlab.skip=true)");
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1G",
        // what the Gatling Maven plugin adds to its forked JVM
        "--add-opens=java.base/java.lang=ALL-UNNAMED",
        "-Dfailover.results-dir=" + results,
        "-Dfailover.run.warm-up=5s", "-Dfailover.run.trigger-after=5s",
        "-Dfailover.run.tail=5s", "-Dfailover.run.max-duration=90s",
        "-Dfailover.workload.business.users-per-endpoint=2",
        "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
        "io.gatling.app.Gatling", "--simulation", "simulations.ProxyFailover",
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

    Path report = gatlingReport(results);
    assertTrue(Files.isRegularFile(report.resolve("failover.html")), "no failover page");
    assertTrue(Files.readString(report.resolve("index.html")).contains("failover.html"),
        "index.html does not link the failover page");
    JsonNode json = new ObjectMapper().readTree(report.resolve("failover.json").toFile());
    assertEquals("patroni-switchover", json.path("trigger").path("kind").asText());
    for (String endpoint : List.of("direct", "proxy")) {
      JsonNode e = json.path("endpoints").path(endpoint);
      assertTrue(e.path("windows").size() >= 1, endpoint + " has no downtime window: " + e);
      double downtimeMs = e.path("downtimeMs").asDouble();
      assertTrue(downtimeMs > 100 && downtimeMs < 60_000, endpoint + " downtime " + downtimeMs);
      assertTrue(e.path("requests").asLong() > 100, endpoint + " ran too few requests: " + e);
      assertEquals(0, json.path("heartbeat").path(endpoint).path("lost").asLong(),
          endpoint + " lost acknowledged writes: " + json.path("heartbeat").path(endpoint));
      assertTrue(json.path("heartbeat").path(endpoint).path("acked").asLong() > 100,
          endpoint + " heartbeat: " + json.path("heartbeat").path(endpoint));
    }
    String password = passwordOfTheLab();
    assertTrue(password.length() >= 16, "the lab password file is missing or short");
    assertFalse(output.contains(password), "the lab password appears in the output");
    try (Stream<Path> files = Files.walk(results)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        if (!f.toString().endsWith(".bin") && !f.toString().endsWith(".log")) {
          assertFalse(Files.readString(f, StandardCharsets.ISO_8859_1).contains(password),
              "the lab password appears in " + f);
        }
      }
    }
  }

  private static Path gatlingReport(Path results) throws IOException {
    try (Stream<Path> dirs = Files.list(results)) {
      return dirs.filter(d -> d.getFileName().toString().startsWith("proxyfailover-"))
          .filter(d -> Files.isRegularFile(d.resolve("index.html")))
          .findFirst().orElseThrow(() -> new AssertionError("no Gatling report in " + results));
    }
  }

  private static String passwordOfTheLab() {
    return io.pgfailover.lab.LabSettings.defaults().password();
  }

  private static String tail(String output) {
    return output.length() > 6000 ? output.substring(output.length() - 6000) : output;
  }
}
