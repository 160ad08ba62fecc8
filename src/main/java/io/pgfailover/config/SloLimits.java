package io.pgfailover.config;

import java.time.Duration;

/**
 * {@code failover.slo.*} as configured; the analysis checks them ({@code downtime.SloSettings}).
 *
 * @param maxDowntime longest allowed downtime of any endpoint in any failover; zero = unchecked
 * @param maxFailedRequests most failed requests allowed per endpoint; negative = unchecked
 * @param maxLostWrites most acknowledged heartbeat writes any endpoint may lose; negative =
 *     reported only
 * @param downtimeFigure which downtime {@code maxDowntime} is checked on
 */
public record SloLimits(
    Duration maxDowntime, long maxFailedRequests, long maxLostWrites, Figure downtimeFigure) {}
