package io.pgfailover.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.pgfailover.downtime.DowntimeReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The report as JSON ({@value #FILE_NAME}), for CI and other tools.
 *
 * <p>Contract that consumers rely on (tested; fields are only ever added):
 *
 * <ul>
 *   <li>{@code endpoints}: object keyed by endpoint name, each with {@code downtimeMs} (number),
 *       {@code requests}, {@code failedRequests} (integers) and {@code windows}: array of objects
 *       with {@code startEpochMs}, {@code endEpochMs}, {@code failedRequests} (integers), {@code
 *       durationMs}, {@code detectionMs}, {@code recoveryMs} (numbers; the last two null when
 *       unknown): the pooled workload's windows, as before the path probe existed (the probe's for
 *       an endpoint without a workload), each now with {@code kind} and, for the workload, {@code
 *       poolWait};
 *   <li>{@code endpoints.<name>.path} and {@code .workload} (each null when the endpoint lacks it):
 *       {@code downtimeMs} (outage windows only, the headline), {@code allWindowsMs}, {@code
 *       windows}, {@code stalls}, {@code requests}, {@code failedRequests}, {@code
 *       failuresByClass};
 *   <li>{@code trigger}: {@code kind} (string or null) and {@code events}, objects with {@code
 *       name}, {@code epochMs} (integer) and {@code detail};
 *   <li>{@code heartbeat}: object keyed by endpoint, each with {@code acked}, {@code lost}, {@code
 *       indeterminate} (integers; lost/indeterminate null when the primary's rows were not read);
 *   <li>{@code rounds}: array, one per failover ({@code failover-start}; one implicit round for a
 *       run without them), each with {@code index}, {@code kind}, {@code askedEpochMs}, {@code
 *       settleMs} (null when the cluster never settled) and {@code endpoints.<name>}: {@code
 *       figure}, then {@code downtimeMs}, {@code windows}, {@code failedRequests}, {@code
 *       failedByClass}, {@code recoveryMs} of that figure's outages, {@code lost}, {@code
 *       indeterminate}, and {@code path} / {@code workload} with the same plus stalls;
 *   <li>{@code series}: object keyed by endpoint: {@code figure}, {@code downtimeMs}, {@code
 *       workloadDowntimeMs} and {@code recoveryMs} ({@code count, meanMs, minMs, maxMs, medianMs,
 *       p95Ms}), {@code downtimeBuckets}, {@code availability}, {@code nines}, {@code
 *       yearlyDowntimeAtThisAvailabilitySec/Min}, {@code downtimePerFailoverMs}; {@code matrix}:
 *       true when the rounds ran different trigger kinds;
 *   <li>{@code slo}: {@code passed} (boolean) and {@code violations} (strings); the thresholds are
 *       in {@code settings.slo}; {@code checks}: every SLO checked, with {@code slo}, {@code
 *       endpoint}, {@code round} and {@code roundKind} (null for a whole-run SLO), {@code status}
 *       ({@code passed}, {@code missed}, {@code unchecked}) and {@code detail}.
 * </ul>
 */
public final class JsonReport {
  public static final String FILE_NAME = "failover.json";

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonReport() {}

  public static String toJson(DowntimeReport report) {
    try {
      return MAPPER.writeValueAsString(report);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("the downtime report cannot be serialised", e);
    }
  }

  /** Writes the report atomically (temp file + rename): a reader never sees half a file. */
  public static void write(DowntimeReport report, Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve(file.getFileName() + ".tmp");
    Files.writeString(tmp, toJson(report) + "\n", StandardCharsets.UTF_8);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
