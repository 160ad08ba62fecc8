package io.pgfailover.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.pgfailover.gatling.FailoverDsl.sql;

import io.gatling.javaapi.core.Simulation;
import io.pgfailover.endpoint.Endpoint;
import io.pgfailover.record.OperationKind;
import io.pgfailover.workload.Params;
import io.pgfailover.workload.SqlOperation;
import java.sql.Connection;

/** A simulation that forgets {@code .protocols(jdbc(runtime))}: what its user is told. */
public class NoProtocolSimulation extends Simulation {
  private final Endpoint endpoint = ActionProbeSimulation.scratchEndpoint(1);

  private static final SqlOperation NOTHING =
      new SqlOperation() {
        @Override
        public String workload() {
          return "test";
        }

        @Override
        public String name() {
          return "nothing";
        }

        @Override
        public OperationKind kind() {
          return OperationKind.READ;
        }

        @Override
        public long execute(Connection connection, Params params) {
          return -1;
        }
      };

  {
    setUp(scenario("no protocol").exec(sql(endpoint, NOTHING)).injectOpen(atOnceUsers(1)));
  }
}
