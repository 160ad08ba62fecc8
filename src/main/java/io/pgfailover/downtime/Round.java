package io.pgfailover.downtime;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.pgfailover.config.Figure;
import io.pgfailover.record.ErrorClass;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One failover of a run: a series repeats the same trigger, a fault matrix runs different ones.
 * Round n spans [its {@code failover-start}, the next round's {@code failover-start}); the last one
 * runs to the end of the run. A run without {@code failover-start} events (one failover, older run
 * folders) has one implicit round over the whole measured run. Immutable.
 *
 * @param index 1, 2, ... as the run control numbered it (the {@code failover-start} event's round)
 * @param kind the trigger kind of this round, e.g. "kill-primary"; the configured trigger kind for
 *     an implicit round (null when none was configured)
 * @param failoverStartEpochMicros the {@code failover-start} event; null for an implicit round
 * @param askedEpochMicros the round's first {@code asked}, null when its trigger never fired
 * @param settledEpochMicros the round's {@code cluster-settled} event, null when it never settled
 * @param settleMs settled minus asked: how long the cluster took to be healthy again
 * @param endpoints per endpoint, in the report's endpoint order
 */
@JsonPropertyOrder({
  "index",
  "kind",
  "failoverStartEpochMs",
  "askedEpochMs",
  "settledEpochMs",
  "settleMs",
  "endpoints"
})
public record Round(
    int index,
    @Nullable String kind,
    @Nullable Long failoverStartEpochMicros,
    @Nullable Long askedEpochMicros,
    @Nullable Long settledEpochMicros,
    @Nullable Double settleMs,
    Map<String, EndpointRound> endpoints) {

  public Round {
    endpoints = Maps.frozen(endpoints);
  }

  @JsonProperty("failoverStartEpochMs")
  public @Nullable Long failoverStartEpochMs() {
    return toMs(failoverStartEpochMicros);
  }

  @JsonProperty("askedEpochMs")
  public @Nullable Long askedEpochMs() {
    return toMs(askedEpochMicros);
  }

  @JsonProperty("settledEpochMs")
  public @Nullable Long settledEpochMs() {
    return toMs(settledEpochMicros);
  }

  /** "#2 kill-primary", or "#1" without a kind. */
  public String label() {
    return "#" + index + (kind == null ? "" : " " + kind);
  }

  private static Long toMs(Long micros) {
    return micros == null ? null : Math.floorDiv(micros, 1000L);
  }

  /**
   * One endpoint in one round. The first fields are the headline figure's ({@code figure}: the
   * path's when the endpoint has a probe); {@code path} and {@code workload} give both.
   *
   * @param downtimeMs outage total of the headline figure in this round
   * @param windows how many outage windows of the headline figure ended in this round
   * @param failedRequests failures inside those windows
   * @param failedByClass the same by error class
   * @param recoveryMs end of the last of those windows minus the round's asked; null without a
   *     window, without asked, or when the last window never recovered
   * @param lost heartbeat writes acked but absent on the final primary, whose request completed in
   *     this round; null when not verified or the endpoint wrote no heartbeats
   * @param indeterminate heartbeat writes failed on the client yet present, in this round
   * @param path the path figure in this round, null without a probe
   * @param workload the workload figure in this round, null without a workload
   */
  @JsonPropertyOrder({
    "figure",
    "downtimeMs",
    "windows",
    "failedRequests",
    "failedByClass",
    "recoveryMs",
    "lost",
    "indeterminate",
    "path",
    "workload"
  })
  public record EndpointRound(
      Figure figure,
      double downtimeMs,
      int windows,
      long failedRequests,
      Map<ErrorClass, Long> failedByClass,
      @Nullable Double recoveryMs,
      @Nullable Long lost,
      @Nullable Long indeterminate,
      @Nullable RoundFigure path,
      @Nullable RoundFigure workload) {
    public EndpointRound {
      failedByClass = Maps.frozen(failedByClass);
    }

    /** The workload's figure in this round, what an application saw; the probe's without one. */
    @JsonIgnore
    public @Nullable RoundFigure load() {
      return workload != null ? workload : path;
    }

    /** The figure asked for, or the other one when the endpoint lacks it. */
    public @Nullable RoundFigure figure(Figure wanted) {
      RoundFigure f = wanted == Figure.PATH ? path : workload;
      return f != null ? f : (path != null ? path : workload);
    }
  }

  /**
   * One figure of one endpoint in one round.
   *
   * @param downtimeMs total of its outage windows that ended in this round
   * @param windows how many outage windows
   * @param failedRequests failures inside them
   * @param recoveryMs end of the last outage window minus the round's asked (see EndpointRound)
   * @param stalls stall windows that ended in this round
   * @param stallsMs their total
   * @param poolWait the last outage window's attribution against the path (workload only)
   */
  @JsonPropertyOrder({
    "downtimeMs",
    "windows",
    "failedRequests",
    "failedByClass",
    "recoveryMs",
    "stalls",
    "stallsMs",
    "poolWait"
  })
  public record RoundFigure(
      double downtimeMs,
      int windows,
      long failedRequests,
      Map<ErrorClass, Long> failedByClass,
      @Nullable Double recoveryMs,
      int stalls,
      double stallsMs,
      @Nullable PoolWait poolWait) {
    public RoundFigure {
      failedByClass = Maps.frozen(failedByClass);
    }
  }
}
