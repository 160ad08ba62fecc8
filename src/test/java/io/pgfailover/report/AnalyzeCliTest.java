package io.pgfailover.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgfailover.downtime.SampleRun;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AnalyzeCliTest {

  @Test
  void rewritesJsonAndPage(@TempDir Path tmp) throws Exception {
    Path run = Files.createDirectories(tmp.resolve("run"));
    Path report = Files.createDirectories(tmp.resolve("report"));
    SampleRun.write(run);
    Files.writeString(report.resolve("index.html"), "<html><body></body></html>");
    assertEquals(0, AnalyzeCli.run(run.toString(), report.toString()));
    // direct's top-level downtime: its pooled workload's (the reads, 0.9995 s - 1.7995 s)
    JsonNode direct =
        new ObjectMapper()
            .readTree(run.resolve("failover.json").toFile())
            .path("endpoints")
            .path("direct");
    assertEquals(800.0, direct.path("downtimeMs").asDouble(), 1e-9);
    assertEquals(800.0, direct.path("path").path("downtimeMs").asDouble(), 1e-9);
    assertTrue(Files.exists(report.resolve("failover.html")));
    assertTrue(Files.readString(report.resolve("index.html")).contains("failover.html"));
    assertEquals(2, AnalyzeCli.run());
    assertEquals(2, AnalyzeCli.run(tmp.resolve("missing").toString()));
  }

  @Test
  void writesThePageBesideAnInterruptedRunsGatlingFolderThatHasNoIndex(@TempDir Path tmp)
      throws Exception {
    Path run = Files.createDirectories(tmp.resolve("run"));
    // an interrupted run: Gatling wrote simulation.log and no index.html
    Path report = Files.createDirectories(tmp.resolve("report"));
    Files.writeString(report.resolve("simulation.log"), "");
    SampleRun.write(run);
    assertEquals(0, AnalyzeCli.run(run.toString(), report.toString()));
    assertTrue(Files.exists(report.resolve("failover.html")));
    assertTrue(Files.exists(report.resolve("failover.json")));
  }
}
