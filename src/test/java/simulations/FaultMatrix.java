package simulations;

import io.gatling.javaapi.core.Simulation;
import io.pgfailover.run.FailoverRun;

/**
 * The business workload on every lab endpoint while the lab takes each fault of {@code
 * failover.matrix} in turn, healed in between: one comparison of fault x endpoint.
 *
 * <pre>mvn gatling:test -Dgatling.simulationClass=FaultMatrix</pre>
 */
public class FaultMatrix extends Simulation {
  private final FailoverRun run =
      BadInput.exitOn(() -> FailoverRun.prepareFaultMatrix("FaultMatrix"));

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
