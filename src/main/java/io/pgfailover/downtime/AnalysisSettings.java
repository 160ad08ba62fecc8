package io.pgfailover.downtime;

import org.jspecify.annotations.Nullable;

/**
 * How a recording is turned into downtime figures. Immutable.
 *
 * <p>Why 200 ms as the default gap threshold: the heartbeat completes a write every 10 ms per
 * endpoint, so a healthy endpoint goes 200 ms (twenty heartbeat intervals) without a success only
 * when something is wrong. Measured on the 2-core lab machine, where the client shares the CPU with
 * three PostgreSQL nodes: stalls of 50-140 ms with no failure happen a few times a minute, on every
 * endpoint at the same moment (client GC and scheduling, a checkpoint, a replica being rebuilt),
 * while a failover lasts a second or more. The window bounds stay exact to the microsecond whatever
 * the threshold; it only decides how short an outage is still reported. Endpoints with sparse load
 * need a larger threshold; the report adds a note when the median gap between successes exceeds
 * half of it.
 *
 * @param gapThresholdMs a gap between consecutive successful completions longer than this is a
 *     downtime window
 * @param bucketMs width of the OK/KO timeline buckets
 * @param triggerKind the configured trigger kind, e.g. "patroni-switchover"; null when none
 * @param baselineEndpoint endpoint the others are compared with; null = "direct" if present, else
 *     the first endpoint
 * @param slo the objectives the run is checked against; {@link SloSettings#NONE} when none
 */
public record AnalysisSettings(
    long gapThresholdMs,
    long bucketMs,
    @Nullable String triggerKind,
    @Nullable String baselineEndpoint,
    SloSettings slo) {
  public static final long DEFAULT_GAP_THRESHOLD_MS = 200;
  public static final long DEFAULT_BUCKET_MS = 100;

  public AnalysisSettings {
    slo = slo == null ? SloSettings.NONE : slo;
    if (gapThresholdMs <= 0) {
      throw new IllegalArgumentException("gapThresholdMs must be > 0, was " + gapThresholdMs);
    }
    if (bucketMs <= 0) {
      throw new IllegalArgumentException("bucketMs must be > 0, was " + bucketMs);
    }
  }

  /** Without SLOs. */
  public AnalysisSettings(
      long gapThresholdMs,
      long bucketMs,
      @Nullable String triggerKind,
      @Nullable String baselineEndpoint) {
    this(gapThresholdMs, bucketMs, triggerKind, baselineEndpoint, SloSettings.NONE);
  }

  public static AnalysisSettings defaults() {
    return new AnalysisSettings(DEFAULT_GAP_THRESHOLD_MS, DEFAULT_BUCKET_MS, null, null);
  }

  public AnalysisSettings withGapThresholdMs(long value) {
    return new AnalysisSettings(value, bucketMs, triggerKind, baselineEndpoint, slo);
  }

  public AnalysisSettings withTriggerKind(@Nullable String value) {
    return new AnalysisSettings(gapThresholdMs, bucketMs, value, baselineEndpoint, slo);
  }

  public AnalysisSettings withBaselineEndpoint(@Nullable String value) {
    return new AnalysisSettings(gapThresholdMs, bucketMs, triggerKind, value, slo);
  }

  public AnalysisSettings withSlo(SloSettings value) {
    return new AnalysisSettings(gapThresholdMs, bucketMs, triggerKind, baselineEndpoint, value);
  }
}
