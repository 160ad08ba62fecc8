package io.pgfailover.gatling;

import io.gatling.core.action.Action;
import io.gatling.core.structure.ScenarioContext;
import io.gatling.javaapi.core.ActionBuilder;
import io.pgfailover.endpoint.Endpoint;
import io.pgfailover.workload.SqlOperation;

/**
 * Java DSL step that runs one {@link SqlOperation} on one endpoint. Immutable; built by {@link
 * FailoverDsl#sql}.
 */
public final class JdbcActionBuilder implements ActionBuilder {
  private final JdbcRuntime runtime;
  private final Endpoint endpoint;
  private final SqlOperation operation;
  private final int endpointId;
  private final int operationId;

  JdbcActionBuilder(JdbcRuntime runtime, Endpoint endpoint, SqlOperation operation) {
    this.runtime = runtime;
    this.endpoint = endpoint;
    this.operation = operation;
    // ids are registered while the scenario is built, before any load
    this.endpointId = runtime.recorder().endpoint(endpoint.name(),
        endpoint.settings().role().label());
    this.operationId = runtime.recorder().operation(operation.workload(), operation.name(),
        operation.kind());
  }

  @Override
  public io.gatling.core.action.builder.ActionBuilder asScala() {
    return new io.gatling.core.action.builder.ActionBuilder() {
      @Override
      public Action build(ScenarioContext ctx, Action next) {
        return new JdbcAction(runtime, endpoint, endpointId, operation, operationId,
            ctx.coreComponents().statsEngine(), next);
      }

      @Override
      public io.gatling.core.structure.ChainBuilder toChainBuilder() {
        return io.gatling.core.action.builder.ActionBuilder.super.toChainBuilder();
      }
    };
  }
}
