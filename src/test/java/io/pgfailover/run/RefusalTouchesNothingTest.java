package io.pgfailover.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgfailover.downtime.Verdict;
import io.pgfailover.testsupport.GatlingRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Refusals that need no database come before the lab is touched (issue 10): the real simulations,
 * in their own JVM, with a lab directory of their own that must stay empty. No lab is started.
 */
class RefusalTouchesNothingTest {

  private static void assertNothingTouched(Path dir, GatlingRun run) {
    assertEquals(Verdict.REFUSED.exitStatus(), run.exitCode(), run.tail());
    assertFalse(Files.exists(dir.resolve("lab").resolve("etcd")), "the lab was touched");
    assertFalse(Files.exists(dir.resolve("results").resolve("runs")), "a run folder was left");
    assertFalse(
        run.output().contains("\tat "), "a stack trace instead of a paragraph:\n" + run.tail());
  }

  @Test
  void aPgbenchScriptWithASyntaxError(@TempDir Path dir) throws Exception {
    Path script =
        Files.writeString(dir.resolve("bad.sql"), "\\set aid random(1, \n" + "SELECT 1;\n");
    GatlingRun run =
        GatlingRun.run(
            "TpcbFailover",
            Files.createDirectories(dir.resolve("results")),
            List.of(
                "-Dfailover.lab.dir=" + dir.resolve("lab"),
                "-Dfailover.workload.tpcb.script=" + script));
    assertTrue(run.output().contains("failover: The pgbench script cannot be used"), run.tail());
    assertNothingTouched(dir, run);
  }

  @Test
  void aResultsDirectoryThatCannotBeWritten(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
    GatlingRun run =
        GatlingRun.run(
            "ProxyFailover",
            Files.createDirectories(dir.resolve("results")),
            List.of(
                "-Dfailover.lab.dir=" + dir.resolve("lab"),
                "-Dfailover.results-dir=" + file.resolve("results")));
    assertTrue(
        run.output()
            .contains(
                "failover: failover.results-dir is "
                    + file.resolve("results")
                    + ", and this run cannot write there"),
        run.tail());
    assertNothingTouched(dir, run);
  }
}
