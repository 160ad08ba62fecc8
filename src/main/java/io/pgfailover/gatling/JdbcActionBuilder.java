package io.pgfailover.gatling;

import io.gatling.core.action.Action;
import io.gatling.core.structure.ScenarioContext;
import io.gatling.javaapi.core.ActionBuilder;
import io.pgfailover.endpoint.ConnectionSource;
import io.pgfailover.endpoint.Endpoint;
import io.pgfailover.workload.SqlOperation;
import java.util.Iterator;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Java DSL step that runs one {@link SqlOperation} on one endpoint. Immutable; built by {@link
 * FailoverDsl#sql}; {@link #feed} and {@link #repeatWhile} return a changed copy.
 *
 * <p>Both options exist for one reason: every thread hand-off a request makes waits for a CPU, and
 * with the database on the same 2 cores that wait is up to half a millisecond (issue 3's benchmark
 * measured 1.2 ms between one TPC-B transaction and the next of the same user, against none for
 * pgbench). A plain step makes two hand-offs per request (user's event loop to a worker and back),
 * Gatling's {@code feed} two more (to the feeder's actor thread and back).
 */
public final class JdbcActionBuilder implements ActionBuilder {
  private final Endpoint endpoint;
  private final SqlOperation operation;
  private final Iterator<Map<String, Object>> feeder;
  private final BooleanSupplier repeatWhile;
  private final ConnectionSource connections;

  JdbcActionBuilder(Endpoint endpoint, SqlOperation operation) {
    this(endpoint, operation, null, null, endpoint.pool());
  }

  private JdbcActionBuilder(
      Endpoint endpoint,
      SqlOperation operation,
      Iterator<Map<String, Object>> feeder,
      BooleanSupplier repeatWhile,
      ConnectionSource connections) {
    this.endpoint = endpoint;
    this.operation = operation;
    this.feeder = feeder;
    this.repeatWhile = repeatWhile;
    this.connections = connections;
  }

  /**
   * The same step, but each run first takes the next record of {@code feeder} into the session, as
   * {@code feed(feeder).exec(step)} would, on the worker thread instead of Gatling's feeder thread.
   * Several steps may share one feeder, as the branches of a {@code randomSwitch} do: draws are
   * serialized on it, so a feeder need not be thread-safe (as with Gatling's). An exhausted feeder
   * fails the request (class OTHER, "the feeder is exhausted") and the user goes on.
   */
  public JdbcActionBuilder feed(Iterator<Map<String, Object>> feeder) {
    return new JdbcActionBuilder(endpoint, operation, feeder, repeatWhile, connections);
  }

  /**
   * The same step on the endpoint's probe connection ({@link Endpoint#probe()}) instead of its
   * pool: one connection of its own, reopened at the next request after any failure. This is the
   * path probe, whose records give the path downtime apart from what the pool adds.
   */
  public JdbcActionBuilder onProbeConnection() {
    return new JdbcActionBuilder(endpoint, operation, feeder, repeatWhile, endpoint.probe());
  }

  /**
   * The same step as a closed loop, like {@code asLongAs(condition).on(step)} with no pause: the
   * user stays on its worker thread and starts the next request as soon as the previous one ends,
   * checking {@code condition} (and that the run is not closing) before each, as pgbench's clients
   * do. Every request is still one Gatling request (OK/KO in the report) and one record, and after
   * a KO the session stays failed, as in Gatling's loop. The loop gives up Gatling's control
   * between requests, so use it for a pace-0 loop of a single operation only.
   */
  public JdbcActionBuilder repeatWhile(BooleanSupplier condition) {
    return new JdbcActionBuilder(endpoint, operation, feeder, condition, connections);
  }

  @Override
  public io.gatling.core.action.builder.ActionBuilder asScala() {
    return new io.gatling.core.action.builder.ActionBuilder() {
      @Override
      public Action build(ScenarioContext ctx, Action next) {
        JdbcRuntime runtime =
            ctx.protocolComponentsRegistry().components(JdbcProtocol.KEY).runtime();
        // ids are registered when Gatling builds the scenario, before any load; a builder that
        // is only configured (feed, onProbeConnection) registers nothing
        int endpointId =
            runtime.recorder().endpoint(endpoint.name(), endpoint.settings().role().label());
        int operationId =
            runtime.recorder().operation(operation.workload(), operation.name(), operation.kind());
        if (connections == endpoint.probe()) {
          runtime.recorder().markProbe(operationId); // its live counters apart from the workload's
        }
        return new JdbcAction(
            runtime,
            endpoint,
            connections,
            endpointId,
            operation,
            operationId,
            feeder,
            repeatWhile,
            ctx.coreComponents().statsEngine(),
            next);
      }

      @Override
      public io.gatling.core.structure.ChainBuilder toChainBuilder() {
        return io.gatling.core.action.builder.ActionBuilder.super.toChainBuilder();
      }
    };
  }
}
