package io.pgfailover.gatling;

import io.pgfailover.endpoint.Endpoint;
import io.pgfailover.workload.SqlOperation;
import org.jspecify.annotations.NonNull;

/** Entry point of the project's Gatling DSL, used through {@code import static}. */
public final class FailoverDsl {
  private FailoverDsl() {}

  /** A step that runs {@code operation} on {@code endpoint}, recorded and reported to Gatling. */
  public static @NonNull JdbcActionBuilder sql(
      @NonNull JdbcRuntime runtime, @NonNull Endpoint endpoint, @NonNull SqlOperation operation) {
    return new JdbcActionBuilder(runtime, endpoint, operation);
  }
}
