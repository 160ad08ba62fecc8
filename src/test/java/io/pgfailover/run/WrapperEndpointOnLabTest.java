package io.pgfailover.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgfailover.downtime.Verdict;
import io.pgfailover.lab.Lab;
import io.pgfailover.report.JunitReport;
import io.pgfailover.testsupport.GatlingRun;
import io.pgfailover.testsupport.LabExtension;
import io.pgfailover.testsupport.NeedsLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AWS Advanced JDBC Wrapper as a connection path on the real lab, through a real Patroni
 * switchover: endpoint {@code wrapper} is the HAProxy writer port through the wrapper with its
 * monitoring plugin only ({@code efm2}: its failover plugins need Aurora or a Multi-AZ DB cluster's
 * topology), measured beside {@code haproxy}, the same port through plain pgjdbc.
 */
@NeedsLab
class WrapperEndpointOnLabTest {
  @RegisterExtension static final LabExtension LAB = new LabExtension();

  @Test
  void theWrapperEndpointIsMeasuredThroughASwitchover(@TempDir Path results) throws Exception {
    Lab lab = LAB.lab();
    GatlingRun run =
        GatlingRun.startMaven(
                "ProxyFailover",
                results,
                List.of(
                    // both on the lab's HAProxy writer port; the lab gives URL and credentials
                    "-Dfailover.endpoints.haproxy.url=lab:haproxy",
                    "-Dfailover.endpoints.wrapper.url=lab:haproxy",
                    "-Dfailover.endpoints.wrapper.wrapper=true",
                    "-Dfailover.endpoints.wrapper.wrapper-plugins=efm2",
                    "-Dfailover.lab.keep=true",
                    "-Dfailover.analysis.baseline-endpoint=haproxy",
                    "-Dfailover.run.warm-up=5s",
                    "-Dfailover.run.trigger-after=5s",
                    "-Dfailover.run.tail=5s",
                    "-Dfailover.run.max-duration=90s",
                    "-Dfailover.workload.business.users-per-endpoint=2"),
                Map.of())
            .finish();
    assertEquals(Verdict.PASSED.exitStatus(), run.exitCode(), "the run failed:\n" + run.tail());

    JsonNode json = run.json();
    JsonNode wrapper = json.path("endpoints").path("wrapper");
    assertTrue(wrapper.path("requests").asLong() > 100, "wrapper ran too few requests: " + wrapper);
    JsonNode path = wrapper.path("path");
    assertTrue(path.path("windows").size() >= 1, "no path window on wrapper: " + wrapper);
    double downtimeMs = path.path("downtimeMs").asDouble();
    assertTrue(downtimeMs > 100 && downtimeMs < 60_000, "wrapper path downtime " + downtimeMs);
    assertEquals(0, json.path("heartbeat").path("wrapper").path("lost").asLong());
    assertTrue(json.path("heartbeat").path("wrapper").path("acked").asLong() > 100);
    assertTrue(
        json.path("comparisons").toString().contains("\"wrapper\""),
        "wrapper compared with haproxy: " + json.path("comparisons"));
    assertTrue(Files.isRegularFile(run.report().resolve(JunitReport.FILE_NAME)));
    assertFalse(run.output().contains(lab.password()), "the lab password appears in the output");
  }
}
