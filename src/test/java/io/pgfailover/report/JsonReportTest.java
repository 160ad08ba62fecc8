package io.pgfailover.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
    // the top-level figure is the pooled workload's now: the reads, 0.9995 s - 1.7995 s
    assertEquals(800.0, direct.path("downtimeMs").asDouble(), 1e-9);
    assertTrue(direct.path("requests").isIntegralNumber());
    assertEquals(600, direct.path("requests").asLong());
    assertTrue(direct.path("failedRequests").isIntegralNumber());
    JsonNode window = direct.path("windows").get(0);
    assertTrue(direct.path("windows").isArray());
    assertTrue(window.path("startEpochMs").isIntegralNumber());
    // a = the last read before the outage, 0.5 ms before that tick's heartbeat
    assertEquals((SampleRun.T0 + 999_500) / 1000, window.path("startEpochMs").asLong());
    assertTrue(window.path("endEpochMs").isIntegralNumber());
    assertTrue(window.path("durationMs").isNumber());
    assertTrue(window.path("failedRequests").isIntegralNumber());
    assertTrue(window.path("detectionMs").isNumber());
    assertTrue(window.path("recoveryMs").isNumber());
    assertEquals(799.0, window.path("recoveryMs").asDouble(), 1e-9);
    assertEquals("CONNECT_FAILED", window.path("failedByClass").fieldNames().next());
    assertEquals("outage", window.path("kind").asText());
    assertTrue(window.has("poolWait") && window.path("poolWait").isNull()); // no acquire times

    // both figures, each with its own windows
    JsonNode path = direct.path("path");
    assertEquals("path", path.path("figure").asText());
    assertEquals(800.0, path.path("downtimeMs").asDouble(), 1e-9);
    assertEquals(
        (SampleRun.T0 + 1_000_000) / 1000,
        path.path("windows").get(0).path("startEpochMs").asLong());
    assertEquals(
        "CONNECTION_LOST", path.path("windows").get(0).path("failedByClass").fieldNames().next());
    assertEquals(0, path.path("stalls").path("count").asInt());
    assertEquals("workload", direct.path("workload").path("figure").asText());
    assertEquals(79, direct.path("workload").path("failedRequests").asLong());
    assertTrue(root.path("endpoints").path("proxy").path("workload").isNull());

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

  @Test
  void seriesRunHasRoundsSeriesAndSlo(@TempDir Path dir) throws Exception {
    SampleRun.writeSeries(dir);
    JsonNode root = new ObjectMapper().readTree(JsonReport.toJson(RunFolder.analyze(dir)));
    JsonNode rounds = root.path("rounds");
    assertTrue(rounds.isArray());
    assertEquals(3, rounds.size());
    JsonNode r1 = rounds.get(0);
    assertEquals(1, r1.path("index").asInt());
    assertEquals("kill-primary", r1.path("kind").asText());
    assertEquals("patroni-switchover", rounds.get(1).path("kind").asText());
    assertEquals((SampleRun.T0 + 4_999_500) / 1000, r1.path("askedEpochMs").asLong());
    assertEquals(3_000.0, r1.path("settleMs").asDouble(), 1e-9);
    assertTrue(rounds.get(2).path("settleMs").isNull());
    assertEquals(2_000.0, r1.path("endpoints").path("direct").path("downtimeMs").asDouble(), 1e-9);
    assertEquals(1_000.0, r1.path("endpoints").path("proxy").path("downtimeMs").asDouble(), 1e-9);
    assertEquals(0.0, rounds.get(1).path("endpoints").path("proxy").path("downtimeMs").asDouble());
    assertTrue(r1.path("endpoints").path("direct").path("failedRequests").isIntegralNumber());
    assertTrue(r1.path("endpoints").path("direct").has("lost"));
    assertTrue(root.path("matrix").asBoolean());

    JsonNode series = root.path("series").path("direct");
    assertEquals(3, series.path("rounds").asInt());
    assertEquals(8_500.0 / 3, series.path("downtimeMs").path("meanMs").asDouble(), 1e-3);
    assertEquals(2_000.0, series.path("downtimeMs").path("medianMs").asDouble(), 1e-9);
    assertEquals(6_000.0, series.path("downtimeMs").path("p95Ms").asDouble(), 1e-9);
    assertEquals(2, series.path("downtimeBuckets").path("0-5 s").asInt());
    assertEquals(1, series.path("downtimeBuckets").path("5-10 s").asInt());
    assertEquals(39_000.0, series.path("measuredPeriodMs").asDouble(), 1e-9);
    assertEquals(1 - 8_500.0 / 39_000, series.path("availability").asDouble(), 1e-9);
    assertTrue(series.path("nines").isNumber());
    assertTrue(series.path("yearlyDowntimeAtThisAvailabilityMin").isNumber());
    assertTrue(series.path("downtimePerFailoverMs").isNumber());

    JsonNode slo = root.path("slo");
    assertFalse(slo.path("passed").asBoolean());
    assertEquals(1, slo.path("violations").size());
    assertEquals(
        "SLO failover.slo.max-downtime = 5000 ms (path downtime) exceeded by direct in"
            + " round 3 (kill-primary): 6 000 ms, 1 000 ms over",
        slo.path("violations").get(0).asText());
    assertEquals(5000.0, root.path("settings").path("slo").path("maxDowntimeMs").asDouble());
    // the contract fields are still there
    assertEquals(8_500.0, root.path("endpoints").path("direct").path("downtimeMs").asDouble());
    assertEquals(4, root.path("endpoints").path("direct").path("windows").size() + 1);
  }

  @Test
  void singleFailoverRunHasOneImplicitRoundAndAPassedSlo(@TempDir Path dir) throws Exception {
    SampleRun.write(dir);
    JsonNode root = new ObjectMapper().readTree(JsonReport.toJson(RunFolder.analyze(dir)));
    assertEquals(1, root.path("rounds").size());
    assertTrue(root.path("rounds").get(0).path("failoverStartEpochMs").isNull());
    // the round's figure is the path's: the heartbeats alone, 1.0 s - 1.8 s
    JsonNode direct = root.path("rounds").get(0).path("endpoints").path("direct");
    assertEquals("path", direct.path("figure").asText());
    assertEquals(800.0, direct.path("downtimeMs").asDouble(), 1e-9);
    assertEquals(799.5, direct.path("recoveryMs").asDouble(), 1e-9);
    assertEquals(799.0, direct.path("workload").path("recoveryMs").asDouble(), 1e-9);
    assertTrue(root.path("slo").path("passed").asBoolean());
    assertTrue(root.path("slo").path("violations").isEmpty());
    assertEquals(1, root.path("series").path("direct").path("rounds").asInt());
  }
}
