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
 * <p>Contract that consumers rely on (tested): top-level {@code endpoints} keyed by endpoint name,
 * each with {@code downtimeMs} (number), {@code requests}, {@code failedRequests} (integers) and
 * {@code windows} (array of objects with {@code startEpochMs}, {@code endEpochMs} (integers), {@code
 * durationMs}, {@code failedRequests}, {@code detectionMs}, {@code recoveryMs} (numbers; the last two
 * null when unknown)); top-level {@code trigger} with {@code kind} and {@code events} (objects with
 * {@code name}, {@code epochMs}, {@code detail}); top-level {@code heartbeat} keyed by endpoint with
 * {@code acked}, {@code lost}, {@code indeterminate} (lost/indeterminate null when the rows on the
 * primary were not read). Fields are only ever added.
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
