package io.pgfailover.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgfailover.testsupport.GatlingRun;
import io.pgfailover.testsupport.NeedsLab;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed with -9 while {@code freeze-primary} holds the primary stopped cannot thaw it: no
 * hook runs. {@code bin/lab status} then says which processes are frozen, and the next {@code
 * bin/lab up} thaws them and leaves a healthy lab (issue 10).
 */
@NeedsLab
class KilledDuringFreezeTest {

  @Test
  void killMinus9DuringAFreezeIsRepairedByTheNextLabUp(@TempDir Path results) throws Exception {
    LabSettings settings = LabSettings.defaults();
    String marker = new LabLayout(settings).root().toString();
    try {
      GatlingRun.Running run =
          GatlingRun.start(
              "ProxyFailover",
              results,
              List.of(
                  "-Dfailover.trigger=freeze-primary", "-Dfailover.run.warm-up=3s",
                  "-Dfailover.run.trigger-after=3s", "-Dfailover.lab-endpoints=direct"));
      run.awaitOutput("trigger: asked SIGSTOP", Duration.ofMinutes(3));
      Thread.sleep(500);
      run.signal("KILL", false);
      run.finish();

      List<Long> frozen = LabSignals.stopped(marker);
      assertFalse(frozen.isEmpty(), "the freeze should have outlived the killed run");
      String status = Lab.attach(settings).orElseThrow().status();
      assertTrue(status.contains(" frozen"), status);
      assertTrue(
          status.contains("FROZEN: " + frozen.size() + " lab processes are stopped"), status);

      assertEquals(0, LabCli.run("up", settings));
      assertEquals(List.of(), LabSignals.stopped(marker), "bin/lab up left processes stopped");
      String healed = Lab.attach(settings).orElseThrow().status();
      assertFalse(healed.contains("frozen") || healed.contains("FROZEN"), healed);
      assertTrue(healed.contains("leader"), healed);
    } finally {
      LabCli.run("down", settings);
    }
    assertTrue(Lab.attach(settings).isEmpty(), "bin/lab down left the lab running");
  }
}
