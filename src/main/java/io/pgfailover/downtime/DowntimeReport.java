package io.pgfailover.downtime;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.pgfailover.config.Figure;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The result of one run's analysis: the single source the JSON, the console summary and the HTML
 * page are rendered from. Immutable; built by {@link DowntimeAnalyzer}.
 *
 * @param endpoints per endpoint name, in the recording's registration order
 * @param heartbeat lost-write verification per endpoint that ran heartbeats
 * @param baseline the endpoint the comparisons are relative to (null without endpoints)
 * @param comparisons one per endpoint other than the baseline
 * @param configuration effective configuration, secrets masked
 * @param notes caveats found during the analysis (open windows, sparse load...)
 * @param rounds the failovers of the run, one per {@code failover-start}; one implicit round for a
 *     run without those events (see {@link Round})
 * @param series per endpoint, statistics over the rounds
 * @param slo the verdict against the settings' SLOs (passed when none is set)
 * @param interruptedEpochMicros when the run was interrupted before its end; null when it was not
 */
@JsonPropertyOrder({
  "runId",
  "simulation",
  "verdict",
  "exitStatus",
  "interrupted",
  "interruptedEpochMs",
  "settings",
  "slo",
  "trigger",
  "endpoints",
  "heartbeat",
  "baseline",
  "comparisons",
  "rounds",
  "series"
})
public record DowntimeReport(
    @Nullable String runId,
    @Nullable String simulation,
    AnalysisSettings settings,
    long runStartEpochMicros,
    long runEndEpochMicros,
    TriggerInfo trigger,
    Map<String, EndpointReport> endpoints,
    Map<String, HeartbeatCheck> heartbeat,
    @Nullable String baseline,
    List<Comparison> comparisons,
    Map<String, String> configuration,
    List<String> notes,
    List<Round> rounds,
    Map<String, SeriesStats> series,
    SloResult slo,
    @Nullable Long interruptedEpochMicros) {

  public DowntimeReport {
    rounds = List.copyOf(rounds);
    series = Maps.frozen(series);
    endpoints = Maps.frozen(endpoints);
    heartbeat = Maps.frozen(heartbeat);
    comparisons = List.copyOf(comparisons);
    configuration = Maps.frozen(configuration);
    notes = List.copyOf(notes);
  }

  /** How the run ended, for CI (see {@link Verdict}). */
  @JsonProperty("verdict")
  public Verdict verdict() {
    return Verdict.of(this);
  }

  /** The exit status of a run that ended with this report. */
  @JsonProperty("exitStatus")
  public int exitStatus() {
    return verdict().exitStatus();
  }

  /** True when the run was stopped before its end (Ctrl-C, SIGTERM). */
  @JsonProperty("interrupted")
  public boolean interrupted() {
    return interruptedEpochMicros != null;
  }

  @JsonProperty("interruptedEpochMs")
  public @Nullable Long interruptedEpochMs() {
    return interruptedEpochMicros == null ? null : Math.floorDiv(interruptedEpochMicros, 1000L);
  }

  /** True when the rounds ran more than one trigger kind: a fault matrix. */
  public boolean isMatrix() {
    return rounds.stream().map(Round::kind).distinct().count() > 1;
  }

  @JsonProperty("runStartEpochMs")
  public long runStartEpochMs() {
    return Math.floorDiv(runStartEpochMicros, 1000L);
  }

  @JsonProperty("runEndEpochMs")
  public long runEndEpochMs() {
    return Math.floorDiv(runEndEpochMicros, 1000L);
  }

  /**
   * The trigger and every timeline event of the run.
   *
   * @param kind configured trigger kind, null when none was configured
   * @param askedEpochMicros the first {@code asked} event, null when the trigger never fired
   */
  public record TriggerInfo(
      @Nullable String kind, @Nullable Long askedEpochMicros, List<EventMark> events) {
    public TriggerInfo {
      events = List.copyOf(events);
    }
  }

  /**
   * One endpoint against the baseline. Percent changes are null when the baseline's figure is 0.
   *
   * @param downtimeMs the endpoint's outage total by {@code figure}: the path's when both have a
   *     probe (paths are compared on what the path lost, not on what a pool added)
   * @param downtimeChangePct (downtime − baseline) / baseline × 100: −74.8 means 74.8 % shorter
   * @param successRateChangePts success rate of the workload (see {@link
   *     EndpointReport#loadSuccessRatePct()}) minus the baseline's, in percentage points
   * @param meanLatencyChangePct change of the mean latency of successful requests, in %
   * @param figure which downtime {@code downtimeMs} is
   * @param workloadDowntimeMs the workload's outage total, beside it; null (with the baseline's and
   *     the change) unless both endpoints ran a workload
   */
  public record Comparison(
      String endpoint,
      String baseline,
      double downtimeMs,
      double baselineDowntimeMs,
      @Nullable Double downtimeChangePct,
      double successRateChangePts,
      @Nullable Double meanLatencyChangePct,
      Figure figure,
      @Nullable Double workloadDowntimeMs,
      @Nullable Double baselineWorkloadDowntimeMs,
      @Nullable Double workloadDowntimeChangePct) {}
}
