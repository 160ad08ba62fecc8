package io.pgfailover.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgfailover.downtime.DowntimeReport;
import io.pgfailover.downtime.RunFolder;
import io.pgfailover.downtime.SampleRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The minimum JSON contract CI consumers rely on, checked on the Jackson tree. */
class JsonReportTest {

  @Test
  void contractFieldsHaveTheirNamesAndTypes(@TempDir Path dir) throws Exception {
    SampleRun.write(dir);
    DowntimeReport report = RunFolder.analyze(dir);
    Path file = dir.resolve(JsonReport.FILE_NAME);
    JsonReport.write(report, file);
    JsonNode root = new ObjectMapper().readTree(file.toFile());

    JsonNode direct = root.path("endpoints").path("direct");
    assertTrue(direct.path("downtimeMs").isNumber());
    assertEquals(799.5, direct.path("downtimeMs").asDouble(), 1e-9);
    assertTrue(direct.path("requests").isIntegralNumber());
    assertEquals(600, direct.path("requests").asLong());
    assertTrue(direct.path("failedRequests").isIntegralNumber());
    JsonNode window = direct.path("windows").get(0);
    assertTrue(direct.path("windows").isArray());
    assertTrue(window.path("startEpochMs").isIntegralNumber());
    assertEquals((SampleRun.T0 + 1_000_000) / 1000, window.path("startEpochMs").asLong());
    assertTrue(window.path("endEpochMs").isIntegralNumber());
    assertTrue(window.path("durationMs").isNumber());
    assertTrue(window.path("failedRequests").isIntegralNumber());
    assertTrue(window.path("detectionMs").isNumber());
    assertTrue(window.path("recoveryMs").isNumber());
    assertEquals(799.0, window.path("recoveryMs").asDouble(), 1e-9);
    assertEquals("CONNECT_FAILED", window.path("failedByClass").fieldNames().next());

    JsonNode stall = root.path("endpoints").path("proxy").path("windows").get(0);
    assertTrue(stall.has("detectionMs") && stall.path("detectionMs").isNull());
    assertTrue(stall.path("recoveryMs").isNumber());

    JsonNode trigger = root.path("trigger");
    assertEquals("patroni-switchover", trigger.path("kind").asText());
    JsonNode asked = trigger.path("events").get(0);
    assertEquals("asked", asked.path("name").asText());
    assertTrue(asked.path("epochMs").isIntegralNumber());
    assertEquals((SampleRun.T0 + 1_000_500) / 1000, asked.path("epochMs").asLong());
    assertTrue(asked.path("detail").isTextual());

    JsonNode hb = root.path("heartbeat").path("direct");
    assertTrue(hb.path("acked").isIntegralNumber());
    assertTrue(hb.path("lost").isIntegralNumber());
    assertEquals(1, hb.path("lost").asLong());
    assertTrue(hb.path("indeterminate").isIntegralNumber());
    assertEquals(0, root.path("heartbeat").path("proxy").path("lost").asLong());
    assertEquals("******", root.path("configuration").path("endpoints.direct.password").asText());
  }
}
