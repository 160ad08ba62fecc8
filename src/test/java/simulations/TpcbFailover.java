package simulations;

import io.gatling.javaapi.core.Simulation;
import io.pgfailover.run.FailoverRun;
import io.pgfailover.workload.tpcb.TpcbWorkload;

/**
 * pgbench's TPC-B (or {@code failover.workload.tpcb.mode}/{@code script}) on every endpoint with
 * the heartbeat, a failover in the middle, reported like ProxyFailover. Unlike pgbench, a client
 * that loses its connection carries on, and every failed transaction is counted.
 *
 * <pre>mvn gatling:test -Dgatling.simulationClass=TpcbFailover</pre>
 */
public class TpcbFailover extends Simulation {
  private final FailoverRun run =
      BadInput.exitOn(() -> FailoverRun.prepare("TpcbFailover", TpcbWorkload::fromSettings));

  {
    setUp(run.populations()).protocols(run.protocol()).maxDuration(run.maxDuration());
  }

  @Override
  public void before() {
    run.start();
  }

  @Override
  public void after() {
    run.finish();
  }
}
