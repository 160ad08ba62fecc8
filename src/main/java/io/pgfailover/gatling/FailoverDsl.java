package io.pgfailover.gatling;

import io.pgfailover.endpoint.Endpoint;
import io.pgfailover.workload.SqlOperation;
import org.jspecify.annotations.NonNull;

/**
 * Entry point of the project's Gatling DSL, used through {@code import static}:
 *
 * <pre>
 * ScenarioBuilder reads = scenario("reads").exec(sql(endpoint, operation));
 * setUp(reads.injectOpen(atOnceUsers(3))).protocols(jdbc(runtime));
 * </pre>
 */
public final class FailoverDsl {
  private FailoverDsl() {}

  /** The protocol the simulation's {@code sql} steps run with: the run's recorder and workers. */
  public static @NonNull JdbcProtocol jdbc(@NonNull JdbcRuntime runtime) {
    return new JdbcProtocol(runtime);
  }

  /** A step that runs {@code operation} on {@code endpoint}, recorded and reported to Gatling. */
  public static @NonNull JdbcActionBuilder sql(
      @NonNull Endpoint endpoint, @NonNull SqlOperation operation) {
    return new JdbcActionBuilder(endpoint, operation);
  }
}
