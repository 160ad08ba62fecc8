package io.pgfailover.downtime;

import org.jspecify.annotations.Nullable;

/**
 * Service-level objectives a run is checked against. Immutable; a null field is not set.
 *
 * @param maxDowntimeMs longest downtime any endpoint may have in any one failover (round)
 * @param maxFailedRequests most failed requests any endpoint may have over the whole run
 */
public record SloSettings(@Nullable Double maxDowntimeMs, @Nullable Long maxFailedRequests) {
  public static final SloSettings NONE = new SloSettings(null, null);
  /** Names of the SLOs in messages, as the configuration spells them. */
  public static final String MAX_DOWNTIME_KEY = "failover.slo.max-downtime";
  public static final String MAX_FAILED_REQUESTS_KEY = "failover.slo.max-failed-requests";

  public SloSettings {
    if (maxDowntimeMs != null && (maxDowntimeMs < 0 || maxDowntimeMs.isNaN())) {
      throw new IllegalArgumentException("maxDowntimeMs must be >= 0, was " + maxDowntimeMs);
    }
    if (maxFailedRequests != null && maxFailedRequests < 0) {
      throw new IllegalArgumentException("maxFailedRequests must be >= 0, was "
          + maxFailedRequests);
    }
  }

  /** True when at least one SLO is set. */
  public boolean isSet() {
    return maxDowntimeMs != null || maxFailedRequests != null;
  }
}
