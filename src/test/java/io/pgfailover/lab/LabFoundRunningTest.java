package io.pgfailover.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgfailover.downtime.Verdict;
import io.pgfailover.testsupport.GatlingRun;
import io.pgfailover.testsupport.NeedsLab;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lab the user started with {@code bin/lab up} belongs to the user (issue 10): a refused run
 * leaves it exactly as it was, whether refused before the lab is touched or by a pre-flight on it,
 * and a run interrupted in the middle of a fault leaves it running and healed: what the fault
 * killed is running again, nothing is frozen.
 */
@NeedsLab
class LabFoundRunningTest {

  @Test
  void aRefusalLeavesItAloneAndCtrlCDuringAFaultLeavesItHealed(@TempDir Path dir) throws Exception {
    LabSettings settings = LabSettings.defaults();
    String marker = new LabLayout(settings).root().toString();
    try {
      assertEquals(0, LabCli.run("up", settings));
      Lab lab = Lab.attach(settings).orElseThrow();
      OptionalLong etcd = lab.etcd().pid();
      String leader = leader(lab);

      Path script = Files.writeString(dir.resolve("bad.sql"), "\\set aid random(1, \nSELECT 1;\n");
      GatlingRun refused =
          GatlingRun.run(
              "TpcbFailover",
              Files.createDirectories(dir.resolve("refused")),
              List.of("-Dfailover.workload.tpcb.script=" + script));
      assertEquals(Verdict.REFUSED.exitStatus(), refused.exitCode(), refused.tail());
      assertEquals(etcd, lab.etcd().pid(), "the refusal restarted etcd");
      assertEquals(leader, leader(lab), "the refusal changed the lab");

      // refused after the lab was taken: the trigger's pre-flight finds no such member
      GatlingRun late =
          GatlingRun.run(
              "ProxyFailover",
              Files.createDirectories(dir.resolve("late")),
              List.of(
                  "-Dfailover.trigger=patroni-failover",
                  "-Dfailover.patroni-failover.candidate=node9"));
      assertEquals(Verdict.REFUSED.exitStatus(), late.exitCode(), late.tail());
      assertTrue(late.output().contains("node9"), late.tail());
      assertEquals(etcd, lab.etcd().pid(), "a refusal after the pre-flight stopped the lab");
      assertEquals(leader, leader(lab));

      // PgBouncer killed, to be restarted 30 s later: Ctrl-C comes first
      GatlingRun.Running killing =
          GatlingRun.start(
              "ProxyFailover",
              Files.createDirectories(dir.resolve("killed")),
              List.of(
                  "-Dfailover.trigger=kill-proxy",
                  "-Dfailover.kill-proxy.restart-delay=30s",
                  "-Dfailover.run.warm-up=3s",
                  "-Dfailover.run.trigger-after=3s",
                  "-Dfailover.lab-endpoints=proxy"));
      killing.awaitOutput("trigger: killed", Duration.ofMinutes(3));
      assertTrue(lab.pgbouncer().pid().isEmpty(), "PgBouncer should be down now");
      killing.signal("INT", false);
      GatlingRun interrupted = killing.finish();
      assertEquals(Verdict.INTERRUPTED.exitStatus(), interrupted.exitCode(), interrupted.tail());

      assertTrue(Lab.attach(settings).isPresent(), "a lab the run found running was stopped");
      assertEquals(etcd, lab.etcd().pid(), "the lab was restarted, not healed");
      assertTrue(
          lab.pgbouncer().pid().isPresent(),
          "the killed PgBouncer was left dead:\n" + interrupted.tail());
      lab.waitForAllEndpointsHealthy(Duration.ofSeconds(1)); // healed before the run exited
      assertEquals(List.of(), LabSignals.stopped(marker));

      // the primary's clients cut off for a minute: Ctrl-C comes first, and the heal step
      // removes the cut before the run exits
      if (lab.network().available()) {
        GatlingRun.Running cutting =
            GatlingRun.start(
                "ProxyFailover",
                Files.createDirectories(dir.resolve("cut")),
                List.of(
                    "-Dfailover.trigger=partition-clients",
                    "-Dfailover.partition.duration=60s",
                    "-Dfailover.run.warm-up=3s",
                    "-Dfailover.run.trigger-after=3s",
                    "-Dfailover.lab-endpoints=direct"));
        cutting.awaitOutput("trigger: partitioned", Duration.ofMinutes(3));
        assertTrue(lab.network().activeCutRules() > 0, "the cut should be in place now");
        cutting.signal("INT", false);
        GatlingRun cut = cutting.finish();
        assertEquals(Verdict.INTERRUPTED.exitStatus(), cut.exitCode(), cut.tail());
        assertEquals(0, lab.network().activeCutRules(), "the cut outlived the run:\n" + cut.tail());
        lab.waitForAllEndpointsHealthy(Duration.ofSeconds(1));
        assertEquals(etcd, lab.etcd().pid(), "the lab was restarted, not healed");
      }
    } finally {
      LabCli.run("down", settings);
    }
  }

  private static String leader(Lab lab) {
    return lab.nodes().stream()
        .filter(LabNode::isLeader)
        .map(LabNode::name)
        .findFirst()
        .orElse("none");
  }
}
