package io.pgfailover.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Every setting of a run, parsed and validated once by {@link SettingsLoader}, immutable after.
 *
 * @param endpoints configured endpoints; empty means the local lab
 * @param trigger the trigger kind with {@code auto} already resolved
 * @param repeat failovers in one run (a series)
 * @param matrix the faults of the FaultMatrix simulation
 * @param sloMaxDowntime longest allowed downtime of any endpoint in any failover; zero = unchecked
 * @param sloMaxFailedRequests most failed requests allowed per endpoint; negative = unchecked
 * @param sloDowntimeFigure which downtime the downtime SLO is on
 * @param sloMaxLostWrites most acknowledged heartbeat writes any endpoint may lose; negative =
 *     reported only
 * @param effective the effective {@code failover.*} configuration, secrets masked, for the report
 */
public record FailoverSettings(
    List<EndpointSettings> endpoints,
    List<LabEndpoint> labEndpoints,
    String user,
    String passwordEnv,
    PoolSettings pool,
    WorkloadSettings workload,
    RunSettings run,
    TriggerKind trigger,
    TriggerOptions triggerOptions,
    int repeat,
    List<TriggerKind> matrix,
    Duration sloMaxDowntime,
    long sloMaxFailedRequests,
    Figure sloDowntimeFigure,
    long sloMaxLostWrites,
    List<String> patroniUrls,
    io.pgfailover.config.AwsSettings aws,
    Duration gapThreshold,
    String baselineEndpoint,
    boolean labKeep,
    Path labDir,
    Path resultsDir,
    Map<String, String> effective) {

  public boolean usesLab() {
    return endpoints.isEmpty();
  }
}
