package io.pgfailover.config;

import java.time.Duration;

/** Which workloads run on every endpoint, and how hard ({@code failover.workload.*}). */
public record WorkloadSettings(
    boolean businessEnabled,
    int businessUsersPerEndpoint,
    Duration businessPace,
    int readWeight,
    int writeWeight,
    int transactionWeight,
    int userRows,
    int productRows,
    int orderRows,
    int logRows,
    boolean heartbeatEnabled,
    Duration heartbeatInterval) {}
