package io.pgfailover.config;

import java.time.Duration;

/** The phases of a run ({@code failover.run.*}); see reference.conf for what each one means. */
public record RunSettings(
    Duration warmUp,
    Duration triggerAfter,
    Duration tail,
    Duration maxDuration,
    Duration settle,
    Duration baselineDuration,
    Duration triggerDeadline) {}
