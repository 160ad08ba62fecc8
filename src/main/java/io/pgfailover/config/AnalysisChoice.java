package io.pgfailover.config;

import java.time.Duration;

/**
 * {@code failover.analysis.*}: the gap that makes a downtime window, and the endpoint the others
 * are compared with ("" = the first).
 */
public record AnalysisChoice(Duration gapThreshold, String baselineEndpoint) {}
