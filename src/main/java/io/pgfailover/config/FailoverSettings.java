package io.pgfailover.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Every setting of a run, parsed and validated once by {@link SettingsLoader}, immutable after;
 * grouped by concern so that each collaborator is handed only its part.
 *
 * @param endpoints configured endpoints; empty, or all on {@code lab:} paths, means the local lab
 * @param effective the effective {@code failover.*} configuration, secrets masked, for the report
 */
public record FailoverSettings(
    List<EndpointSettings> endpoints,
    String user,
    String passwordEnv,
    PoolSettings pool,
    WorkloadSettings workload,
    RunSettings run,
    FaultSettings faults,
    SloLimits slo,
    AnalysisChoice analysis,
    LabChoice lab,
    Path resultsDir,
    Map<String, String> effective) {

  public boolean usesLab() {
    return endpoints.stream().allMatch(e -> e.labPath().isPresent());
  }
}
