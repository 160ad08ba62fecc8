package io.pgfailover.downtime;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.pgfailover.config.Figure;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Statistics of one endpoint over the rounds of a run (series or fault matrix). Immutable.
 *
 * <p>Availability is measured over the run's measured period, {@code measure-start} to {@code
 * load-stop} (the first request's start and last request's end when those events are missing):
 * {@code 1 - downtime / period}. It says how available the endpoint was while failovers happened at
 * this run's pace, which is far faster than any real cluster fails over; so no "yearly downtime at
 * this failover rate" is extrapolated. Two honest figures are given instead: the downtime a year
 * would hold at exactly this availability ({@code yearlyDowntimeAtThisAvailability...}), and the
 * mean downtime per failover, to multiply by the failovers a year you expect.
 *
 * @param figure the downtime these statistics are on: the path's outage when the endpoint has a
 *     probe, else the workload's (stalls are not counted in either)
 * @param rounds rounds counted
 * @param downtimeMs per-round outage of {@code figure} (0 for a round without one): the RTO per
 *     failover
 * @param workloadDowntimeMs per-round outage of the pooled workload, beside it; null without one
 * @param recoveryMs per-round recovery time (from asked), over the rounds that have one; null when
 *     none has
 * @param downtimeBuckets rounds per per-round downtime range: "0-5 s", "5-10 s", "10-15 s", "15-30
 *     s", "30+ s" (lower bound inclusive)
 * @param measuredPeriodMs length of the measured period
 * @param totalDowntimeMs outage total of {@code figure} in the measured period (rounds or not)
 * @param availability 1 - totalDowntime / measuredPeriod, in [0, 1]
 * @param availabilityPct the same in percent
 * @param nines -log10(1 - availability), {@value #MAX_NINES} when there was no downtime
 * @param yearlyDowntimeAtThisAvailabilitySec (1 - availability) × 365.25 days, in seconds
 * @param yearlyDowntimeAtThisAvailabilityMin the same in minutes
 * @param downtimePerFailoverMs mean downtime per failover (= downtimeMs.mean)
 */
@JsonPropertyOrder({
  "figure",
  "rounds",
  "downtimeMs",
  "workloadDowntimeMs",
  "recoveryMs",
  "downtimeBuckets",
  "measuredPeriodMs",
  "totalDowntimeMs",
  "availability",
  "availabilityPct",
  "nines",
  "yearlyDowntimeAtThisAvailabilitySec",
  "yearlyDowntimeAtThisAvailabilityMin",
  "downtimePerFailoverMs"
})
public record SeriesStats(
    Figure figure,
    int rounds,
    Distribution downtimeMs,
    @Nullable Distribution workloadDowntimeMs,
    @Nullable Distribution recoveryMs,
    Map<String, Long> downtimeBuckets,
    double measuredPeriodMs,
    double totalDowntimeMs,
    double availability,
    double availabilityPct,
    double nines,
    double yearlyDowntimeAtThisAvailabilitySec,
    double yearlyDowntimeAtThisAvailabilityMin,
    double downtimePerFailoverMs) {
  /** The nines shown when the endpoint had no downtime at all (the real figure is infinite). */
  public static final double MAX_NINES = 9.0;

  public SeriesStats {
    downtimeBuckets = Maps.frozen(downtimeBuckets);
  }

  /**
   * Summary of a set of values in ms. Median: the middle value, or the mean of the two middle ones;
   * p95: nearest rank.
   */
  public record Distribution(
      int count, double meanMs, double minMs, double maxMs, double medianMs, double p95Ms) {}
}
