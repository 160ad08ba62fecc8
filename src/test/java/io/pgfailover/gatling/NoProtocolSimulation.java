package io.pgfailover.gatling;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.pgfailover.gatling.FailoverDsl.sql;

import io.gatling.javaapi.core.Simulation;
import io.pgfailover.config.EndpointSettings;
import io.pgfailover.config.PoolSettings;
import io.pgfailover.config.Secret;
import io.pgfailover.endpoint.Endpoint;
import io.pgfailover.record.OperationKind;
import io.pgfailover.workload.Params;
import io.pgfailover.workload.SqlOperation;
import java.sql.Connection;
import java.time.Duration;

/** A simulation that forgets {@code .protocols(jdbc(runtime))}: what its user is told. */
public class NoProtocolSimulation extends Simulation {
  private final Endpoint endpoint =
      Endpoint.open(
          new EndpointSettings(
              "scratch",
              System.getProperty("probe.url"),
              EndpointSettings.Role.WRITER,
              "postgres",
              Secret.of(System.getProperty("probe.password")),
              1),
          new PoolSettings(
              1,
              Duration.ofSeconds(2),
              Duration.ofSeconds(10),
              Duration.ofSeconds(5),
              Duration.ofSeconds(3)));

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
