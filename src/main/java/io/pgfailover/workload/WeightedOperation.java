package io.pgfailover.workload;

import java.util.Objects;

/**
 * An operation and its share of a workload's iterations, in percent, as Gatling's {@code
 * randomSwitch} takes it (a workload's shares sum to 100). Immutable.
 */
public record WeightedOperation(SqlOperation operation, double percent) {
  public WeightedOperation {
    Objects.requireNonNull(operation, "operation");
    if (!(percent > 0 && percent <= 100)) {
      throw new IllegalArgumentException(
          "percent of " + operation.name() + " must be in (0, 100], got " + percent);
    }
  }
}
