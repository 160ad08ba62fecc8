package io.pgfailover.downtime;

import io.pgfailover.config.Figure;
import io.pgfailover.config.SettingsException;
import io.pgfailover.record.Catalog;
import io.pgfailover.record.HeartbeatFile;
import io.pgfailover.record.HeartbeatRow;
import io.pgfailover.record.RecordFile;
import io.pgfailover.record.Recording;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * The loader: reads a run folder (recording, {@value HeartbeatFile#FILE_NAME}, {@value
 * #PROPERTIES_FILE}) and hands it to {@link DowntimeAnalyzer}, the recording as a stream it reads
 * twice ({@link RecordFile}), never whole. The only I/O of the downtime package.
 *
 * <p>{@value #PROPERTIES_FILE} (java.util.Properties, all keys optional): {@code runId}, {@code
 * simulation}, {@code gapThresholdMs}, {@code bucketMs}, {@code triggerKind}, {@code
 * baselineEndpoint}, {@code sloMaxDowntimeMs} (ms, may be fractional), {@code
 * sloMaxFailedRequests}, {@code sloMaxLostWrites} (absent = that SLO is not set), and {@code
 * config.<key>} entries: the effective configuration, secrets already masked, shown in the report
 * without the prefix.
 *
 * <p>{@value HeartbeatFile#FILE_NAME}: see {@link HeartbeatFile}, its owner.
 */
public final class RunFolder {
  public static final String PROPERTIES_FILE = "run.properties";
  public static final String CONFIG_PREFIX = "config.";

  private RunFolder() {}

  /** Analyses a run folder with the settings its {@value #PROPERTIES_FILE} gives (or defaults). */
  public static DowntimeReport analyze(Path runDir) throws IOException {
    return analyze(runDir, settings(runDir));
  }

  /** Analyses a run folder with explicit settings; run id and configuration still come from it. */
  public static DowntimeReport analyze(Path runDir, AnalysisSettings settings) throws IOException {
    return DowntimeAnalyzer.analyze(
        Catalog.load(runDir),
        Recording.events(runDir),
        RecordFile.in(runDir),
        HeartbeatRows.read(runDir),
        settings,
        runInfo(runDir));
  }

  /**
   * Writes {@value #PROPERTIES_FILE}: what {@link #settings} and {@link #runInfo} read back. Null
   * fields and unset SLOs are left out; {@code info}'s configuration goes under {@value
   * #CONFIG_PREFIX}, as given (its writer masks the secrets).
   */
  public static void writeProperties(Path runDir, RunInfo info, AnalysisSettings settings)
      throws IOException {
    Properties p = new Properties();
    putIfSet(p, "runId", info.runId());
    putIfSet(p, "simulation", info.simulation());
    putIfSet(p, "triggerKind", settings.triggerKind());
    p.setProperty("gapThresholdMs", Long.toString(settings.gapThresholdMs()));
    p.setProperty("bucketMs", Long.toString(settings.bucketMs()));
    putIfSet(p, "baselineEndpoint", settings.baselineEndpoint());
    SloSettings slo = settings.slo();
    putIfSet(
        p,
        "sloMaxDowntimeMs",
        slo.maxDowntimeMs() == null ? null : SloEvaluator.plain(slo.maxDowntimeMs()));
    p.setProperty("sloDowntimeFigure", slo.downtimeFigure().label());
    putIfSet(p, "sloMaxFailedRequests", slo.maxFailedRequests());
    putIfSet(p, "sloMaxLostWrites", slo.maxLostWrites());
    info.configuration().forEach((k, v) -> p.setProperty(CONFIG_PREFIX + k, v));
    Files.createDirectories(runDir);
    try (Writer w =
        Files.newBufferedWriter(runDir.resolve(PROPERTIES_FILE), StandardCharsets.UTF_8)) {
      p.store(w, "settings of run " + info.runId() + " (secrets masked)");
    }
  }

  private static void putIfSet(Properties p, String key, @Nullable Object value) {
    if (value != null) {
      p.setProperty(key, value.toString());
    }
  }

  /** Settings from {@value #PROPERTIES_FILE}, defaults for what it does not say. */
  public static AnalysisSettings settings(Path runDir) throws IOException {
    Properties p = properties(runDir);
    AnalysisSettings defaults = AnalysisSettings.defaults();
    return new AnalysisSettings(
        positiveLong(p, "gapThresholdMs", defaults.gapThresholdMs()),
        positiveLong(p, "bucketMs", defaults.bucketMs()),
        blankToNull(p.getProperty("triggerKind")),
        blankToNull(p.getProperty("baselineEndpoint")),
        new SloSettings(
            sloMaxDowntimeMs(p),
            nonNegativeLong(p, "sloMaxFailedRequests", "failed-requests"),
            nonNegativeLong(p, "sloMaxLostWrites", "lost-writes"),
            sloFigure(p)));
  }

  private static @Nullable Double sloMaxDowntimeMs(Properties p) {
    String value = blankToNull(p.getProperty("sloMaxDowntimeMs"));
    if (value == null) {
      return null;
    }
    try {
      double parsed = Double.parseDouble(value);
      if (parsed >= 0 && Double.isFinite(parsed)) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new SettingsException(
        "sloMaxDowntimeMs",
        PROPERTIES_FILE
            + ": sloMaxDowntimeMs must be"
            + " a number of milliseconds >= 0, was '"
            + value
            + "'. Fix or remove the line (absent ="
            + " no downtime SLO).");
  }

  /** The path figure when absent (run folders from before the setting). */
  private static Figure sloFigure(Properties p) {
    String value = blankToNull(p.getProperty("sloDowntimeFigure"));
    if (value == null) {
      return Figure.PATH;
    }
    Figure figure = Figure.ofLabel(value);
    if (figure == null) {
      throw new SettingsException(
          "sloDowntimeFigure",
          PROPERTIES_FILE
              + ": sloDowntimeFigure"
              + " must be path or workload, was '"
              + value
              + "'. Fix or remove the line (absent ="
              + " path).");
    }
    return figure;
  }

  private static @Nullable Long nonNegativeLong(Properties p, String key, String slo) {
    String value = blankToNull(p.getProperty(key));
    if (value == null) {
      return null;
    }
    try {
      long parsed = Long.parseLong(value);
      if (parsed >= 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new SettingsException(
        key,
        PROPERTIES_FILE
            + ": "
            + key
            + " must be a whole number >= 0,"
            + " was '"
            + value
            + "'. Fix or remove the line (absent = no "
            + slo
            + " SLO).");
  }

  public static RunInfo runInfo(Path runDir) throws IOException {
    Properties p = properties(runDir);
    Map<String, String> config = new LinkedHashMap<>();
    for (String key : p.stringPropertyNames()) {
      if (key.startsWith(CONFIG_PREFIX)) {
        config.put(key.substring(CONFIG_PREFIX.length()), p.getProperty(key));
      }
    }
    return new RunInfo(
        blankToNull(p.getProperty("runId")), blankToNull(p.getProperty("simulation")), config);
  }

  /** The rows of {@value HeartbeatFile#FILE_NAME}, or null when the folder has none. */
  public static @Nullable List<HeartbeatRow> heartbeatRows(Path runDir) throws IOException {
    return HeartbeatFile.read(runDir);
  }

  private static Properties properties(Path runDir) throws IOException {
    Properties p = new Properties();
    Path file = runDir.resolve(PROPERTIES_FILE);
    if (Files.exists(file)) {
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        p.load(in);
      }
    }
    return p;
  }

  private static long positiveLong(Properties p, String key, long fallback) {
    String value = blankToNull(p.getProperty(key));
    if (value == null) {
      return fallback;
    }
    try {
      long parsed = Long.parseLong(value.trim());
      if (parsed > 0) {
        return parsed;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new SettingsException(
        key,
        PROPERTIES_FILE
            + ": "
            + key
            + " must be a positive whole"
            + " number of milliseconds, was '"
            + value
            + "'. Fix or remove the line; the default is "
            + fallback
            + ".");
  }

  private static @Nullable String blankToNull(@Nullable String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
