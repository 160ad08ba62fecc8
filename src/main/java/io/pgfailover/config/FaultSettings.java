package io.pgfailover.config;

import java.util.List;

/**
 * What the run does to the cluster: the trigger and its options, how many times, the fault matrix,
 * and how to reach Patroni or RDS.
 *
 * @param trigger the trigger kind with {@code auto} already resolved
 * @param repeat failovers in one run (a series)
 * @param matrix the faults of the FaultMatrix simulation
 * @param patroniUrls Patroni REST URLs of a configured cluster (empty on the lab)
 */
public record FaultSettings(
    TriggerKind trigger,
    TriggerOptions options,
    int repeat,
    List<TriggerKind> matrix,
    List<String> patroniUrls,
    AwsSettings aws) {
  public FaultSettings {
    matrix = List.copyOf(matrix);
    patroniUrls = List.copyOf(patroniUrls);
  }
}
