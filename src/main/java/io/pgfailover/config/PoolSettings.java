package io.pgfailover.config;

import java.time.Duration;

/**
 * Connection pool and JDBC timeouts of every endpoint ({@code failover.pool.*}).
 *
 * @param acquireTimeout HikariCP connectionTimeout: the longest a request waits for a connection
 */
public record PoolSettings(
    int size,
    Duration connectTimeout,
    Duration socketTimeout,
    Duration loginTimeout,
    Duration acquireTimeout) {}
