package simulations;

import io.gatling.javaapi.core.Simulation;
import io.pgfailover.run.FailoverRun;

/**
 * The business workload and the heartbeat on every endpoint at once, a failover in the middle, and
 * the downtime of each connection path compared. With nothing configured it runs on the local lab.
 *
 * <pre>mvn gatling:test -Dgatling.simulationClass=ProxyFailover</pre>
 */
public class ProxyFailover extends Simulation {
  private final FailoverRun run = BadInput.exitOn(() -> FailoverRun.prepare("ProxyFailover"));

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
