package io.pgfailover.downtime;

import io.pgfailover.config.Figure;
import org.jspecify.annotations.Nullable;

/**
 * Service-level objectives a run is checked against. Immutable; a null field is not set.
 *
 * @param maxDowntimeMs longest downtime any endpoint may have in any one failover (round)
 * @param maxFailedRequests most failed requests any endpoint may have over the whole run
 * @param maxLostWrites most acknowledged heartbeat writes any endpoint may lose over the whole run
 * @param downtimeFigure which downtime {@code maxDowntimeMs} is checked on: the path's outage
 *     (default) or the workload's; an endpoint without that figure is checked on the other
 */
public record SloSettings(
    @Nullable Double maxDowntimeMs,
    @Nullable Long maxFailedRequests,
    @Nullable Long maxLostWrites,
    Figure downtimeFigure) {
  public static final SloSettings NONE = new SloSettings(null, null);

  /** Names of the SLOs in messages, as the configuration spells them. */
  public static final String MAX_DOWNTIME_KEY = "failover.slo.max-downtime";

  public static final String MAX_FAILED_REQUESTS_KEY = "failover.slo.max-failed-requests";
  public static final String MAX_LOST_WRITES_KEY = "failover.slo.max-lost-writes";

  /** On the path downtime. */
  public SloSettings(@Nullable Double maxDowntimeMs, @Nullable Long maxFailedRequests) {
    this(maxDowntimeMs, maxFailedRequests, null, Figure.PATH);
  }

  /** Without a lost-writes SLO. */
  public SloSettings(
      @Nullable Double maxDowntimeMs, @Nullable Long maxFailedRequests, Figure downtimeFigure) {
    this(maxDowntimeMs, maxFailedRequests, null, downtimeFigure);
  }

  public SloSettings {
    downtimeFigure = downtimeFigure == null ? Figure.PATH : downtimeFigure;
    if (maxDowntimeMs != null && (maxDowntimeMs < 0 || maxDowntimeMs.isNaN())) {
      throw new IllegalArgumentException("maxDowntimeMs must be >= 0, was " + maxDowntimeMs);
    }
    if (maxFailedRequests != null && maxFailedRequests < 0) {
      throw new IllegalArgumentException(
          "maxFailedRequests must be >= 0, was " + maxFailedRequests);
    }
    if (maxLostWrites != null && maxLostWrites < 0) {
      throw new IllegalArgumentException("maxLostWrites must be >= 0, was " + maxLostWrites);
    }
  }

  /** True when at least one SLO is set. */
  public boolean isSet() {
    return maxDowntimeMs != null || maxFailedRequests != null || maxLostWrites != null;
  }
}
