package io.pgfailover.config;

import java.time.Duration;

/**
 * The options of the lab and generic triggers ({@code failover.patroni-failover.*}, {@code
 * failover.freeze-primary.*}, {@code failover.kill-proxy.*}, {@code failover.partition.*}, {@code
 * failover.dcs-outage.*}, {@code failover.command.*}, {@code failover.manual.*}); see
 * reference.conf.
 *
 * @param failoverCandidate Patroni member to promote; empty = the replica with the least lag
 * @param proxy which lab proxy kill-proxy kills: pgbouncer or haproxy
 * @param partitionDuration how long a partition trigger drops the packets before healing
 * @param dcsOutageDuration how long stop-dcs keeps etcd stopped, or kill-dcs waits to restart it
 * @param command the shell command of the command trigger; empty when not used
 * @param observeCommand a command that prints the current primary, for the command trigger
 * @param manualJdbcUrl the manual trigger's probe URL; empty = the first writer endpoint
 */
public record TriggerOptions(
    String failoverCandidate,
    Duration freezeDuration,
    String proxy,
    Duration proxyRestartDelay,
    Duration partitionDuration,
    Duration dcsOutageDuration,
    String command,
    Duration commandTimeout,
    String observeCommand,
    Duration manualCountdown,
    String manualJdbcUrl) {}
