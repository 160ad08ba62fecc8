package io.pgfailover.run;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.randomSwitch;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.pgfailover.gatling.FailoverDsl.sql;

import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Choice;
import io.gatling.javaapi.core.CoreDsl;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.pgfailover.config.EndpointSettings;
import io.pgfailover.endpoint.Endpoint;
import io.pgfailover.record.OperationKind;
import io.pgfailover.workload.SqlOperation;
import io.pgfailover.workload.WeightedOperation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Builds the Gatling populations of a run: for every endpoint, its workload users and its path
 * probe, each looping while the run control says the load is on. Reader endpoints get only the read
 * operations (reweighted to 100 %), and a read probe instead of the heartbeat writer.
 */
final class Scenarios {
  private Scenarios() {}

  static PopulationBuilder weighted(
      Endpoint endpoint,
      String workload,
      List<WeightedOperation> operations,
      Supplier<Iterator<Map<String, Object>>> feeder,
      int users,
      Duration pace,
      BooleanSupplier running) {
    List<WeightedOperation> ops =
        endpoint.settings().role() == EndpointSettings.Role.READER
            ? readsOnly(operations)
            : operations;
    // the actions draw from the feeder themselves (JdbcActionBuilder.feed): one record per
    // iteration, as feed(...) would give, without Gatling's feeder-thread hand-offs
    Iterator<Map<String, Object>> records = feeder.get();
    String name = workload + " " + endpoint.name();
    if (ops.size() == 1 && pace.isZero()) {
      // pgbench's closed loop (TPC-B at pace 0): the user stays on its worker thread
      return scenario(name)
          .exec(sql(endpoint, ops.get(0).operation()).feed(records).repeatWhile(running))
          .injectOpen(atOnceUsers(users));
    }
    ChainBuilder step;
    if (ops.size() == 1) {
      step = CoreDsl.exec(sql(endpoint, ops.get(0).operation()).feed(records));
    } else {
      List<Choice.WithWeight> choices = new ArrayList<>();
      for (WeightedOperation w : ops) {
        choices.add(percent(w.percent()).then(sql(endpoint, w.operation()).feed(records)));
      }
      step = CoreDsl.exec(randomSwitch().on(choices));
    }
    if (!pace.isZero()) {
      step = CoreDsl.pace(pace).exec(step);
    }
    ScenarioBuilder scenario = scenario(name).asLongAs(session -> running.getAsBoolean()).on(step);
    return scenario.injectOpen(atOnceUsers(users));
  }

  /**
   * The path probe of an endpoint: one user running {@code probe} every {@code interval} on the
   * endpoint's probe connection, outside the pool (see {@link Endpoint#probe()}).
   */
  static PopulationBuilder probe(
      Endpoint endpoint, SqlOperation probe, Duration interval, BooleanSupplier running) {
    ChainBuilder step = CoreDsl.pace(interval).exec(sql(endpoint, probe).onProbeConnection());
    return scenario("probe " + endpoint.name())
        .asLongAs(session -> running.getAsBoolean())
        .on(step)
        .injectOpen(atOnceUsers(1));
  }

  /** The read operations only, their percents scaled to add up to 100 (empty if none). */
  static List<WeightedOperation> readsOnly(List<WeightedOperation> operations) {
    double total =
        operations.stream()
            .filter(w -> w.operation().kind() == OperationKind.READ)
            .mapToDouble(WeightedOperation::percent)
            .sum();
    List<WeightedOperation> reads = new ArrayList<>();
    if (total == 0) {
      return reads;
    }
    for (WeightedOperation w : operations) {
      if (w.operation().kind() == OperationKind.READ) {
        reads.add(new WeightedOperation(w.operation(), w.percent() * 100.0 / total));
      }
    }
    return reads;
  }
}
