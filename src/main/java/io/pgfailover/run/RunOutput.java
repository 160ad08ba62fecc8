package io.pgfailover.run;

import io.pgfailover.config.FailoverSettings;
import io.pgfailover.config.SettingsException;
import io.pgfailover.config.SloLimits;
import io.pgfailover.downtime.AnalysisSettings;
import io.pgfailover.downtime.RunFolder;
import io.pgfailover.downtime.RunInfo;
import io.pgfailover.downtime.SloSettings;
import io.pgfailover.record.Recorder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A run's own folder, {@code <results-dir>/runs/<run id>/}: the recording, the timeline events, the
 * heartbeat rows found after the run, {@code run.properties} (what the offline analysis needs) and
 * {@code failover.json}. Everything in it can be analysed again later.
 */
final class RunOutput {
  private final Path dir;
  private final Recorder recorder;
  private final long startedAtMillis;

  private RunOutput(Path dir, Recorder recorder, long startedAtMillis) {
    this.dir = dir;
    this.recorder = recorder;
    this.startedAtMillis = startedAtMillis;
  }

  static RunOutput create(
      FailoverSettings settings,
      String simulation,
      String runId,
      String triggerKind,
      Map<String, String> labSummary) {
    Path dir = dirOf(settings, runId);
    Recorder recorder = Recorder.open(dir);
    Map<String, String> configuration = new LinkedHashMap<>(settings.effective());
    configuration.put("failover.trigger", triggerKind);
    labSummary.forEach((k, v) -> configuration.put("lab." + k, v));
    configuration.put("jvm.dns-cache-ttl", DnsWatch.jvmCacheTtl());
    SloLimits limits = settings.slo();
    SloSettings slo =
        new SloSettings(
            limits.maxDowntime().isZero() ? null : (double) limits.maxDowntime().toMillis(),
            limits.maxFailedRequests() >= 0 ? limits.maxFailedRequests() : null,
            limits.maxLostWrites() >= 0 ? limits.maxLostWrites() : null,
            limits.downtimeFigure());
    AnalysisSettings analysis =
        AnalysisSettings.defaults()
            .withGapThresholdMs(settings.analysis().gapThreshold().toMillis())
            .withTriggerKind(triggerKind)
            .withBaselineEndpoint(settings.analysis().baselineEndpoint())
            .withSlo(slo);
    try {
      RunFolder.writeProperties(dir, new RunInfo(runId, simulation, configuration), analysis);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(RunFolder.PROPERTIES_FILE), e);
    }
    return new RunOutput(dir, recorder, System.currentTimeMillis());
  }

  /**
   * Refuses, with one paragraph, a results directory this run could not write to (before the lab or
   * any endpoint is touched; issue 10 saw a 68-line NoSuchFileException trace instead).
   */
  static void checkWritable(FailoverSettings settings) {
    Path dir = settings.resultsDir().toAbsolutePath();
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".write-check", ".tmp");
      Files.delete(probe);
    } catch (IOException | RuntimeException e) {
      throw new SettingsException(
          "failover.results-dir",
          "failover.results-dir is "
              + dir
              + ", and this run cannot write there ("
              + e.getClass().getSimpleName()
              + ": "
              + e.getMessage()
              + "). Point it at a directory you can write to, e.g."
              + " -Dfailover.results-dir=/tmp/pgfailover-results. No load was started.");
    }
  }

  /** Where the run with this id keeps its files. */
  static Path dirOf(FailoverSettings settings, String runId) {
    return settings.resultsDir().resolve("runs").resolve(runId).toAbsolutePath();
  }

  Path dir() {
    return dir;
  }

  Recorder recorder() {
    return recorder;
  }

  long startedAtMillis() {
    return startedAtMillis;
  }
}
