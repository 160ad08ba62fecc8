package io.pgfailover.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgfailover.config.SettingsException;
import io.pgfailover.downtime.Verdict;
import io.pgfailover.testsupport.GatlingRun;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One user of a lab at a time, across processes, with the kernel's own file lock: a second user is
 * refused at once with who holds the lab, {@code bin/lab down} included; a holder killed with -9
 * leaves nothing to clean up. No lab is started: the lab directory here is empty.
 */
class LabLockTest {

  private static LabSettings lab(Path dir) {
    return LabSettings.defaults().withLabDir(dir.resolve("lab"));
  }

  @Test
  void aSecondUserInTheSameProcessIsRefusedWithTheHolder(@TempDir Path dir) {
    try (LabLock first = LabLock.acquire(lab(dir), "run ProxyFailover")) {
      SettingsException e =
          assertThrows(SettingsException.class, () -> LabLock.acquire(lab(dir), "run FaultMatrix"));
      assertEquals("failover.lab.dir", e.setting());
      assertTrue(
          e.getMessage()
              .contains("pid " + ProcessHandle.current().pid() + ", run ProxyFailover, since "),
          e.getMessage());
      assertTrue(e.getMessage().contains("Wait until it has finished, or stop it"));
    }
    // released: the next user gets it
    LabLock.acquire(lab(dir), "bin/lab up").close();
  }

  @Test
  void anotherProcessIsRefusedAndALockLeftByKillNineIsTakenOver(@TempDir Path dir)
      throws Exception {
    Process holder = java(List.of(LabLockHolder.class.getName(), dir.resolve("lab").toString()));
    try {
      try (BufferedReader out =
          new BufferedReader(
              new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
        assertEquals("held", out.readLine(), "the holder did not take the lock");
        SettingsException e =
            assertThrows(
                SettingsException.class, () -> LabLock.acquire(lab(dir), "run ProxyFailover"));
        assertTrue(
            e.getMessage().contains("pid " + holder.pid() + ", test holder"), e.getMessage());

        // bin/lab down is a user too: refused, one paragraph, nothing stopped
        Process down =
            java(List.of("-Dlab.dir=" + dir.resolve("lab"), LabCli.class.getName(), "down"));
        assertTrue(down.waitFor(60, TimeUnit.SECONDS), "bin/lab down hung");
        String said = new String(down.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, down.exitValue(), said);
        assertTrue(said.contains("is in use (pid " + holder.pid() + ", test holder"), said);
        assertTrue(holder.isAlive(), "the holder was touched");

        holder.destroyForcibly(); // SIGKILL: no chance to release anything
        assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
      }
      // the kernel released the lock with the process; the stale holder line is overwritten
      try (LabLock taken = LabLock.acquire(lab(dir), "run ProxyFailover")) {
        String line = Files.readString(LabLock.file(lab(dir)));
        assertTrue(
            line.startsWith("pid " + ProcessHandle.current().pid() + ", run ProxyFailover"), line);
      }
    } finally {
      holder.destroyForcibly();
    }
  }

  @Test
  void aRunIsRefusedAtOnceWhileTheLabIsHeld(@TempDir Path dir) throws Exception {
    try (LabLock held = LabLock.acquire(lab(dir), "bin/lab up")) {
      long t0 = System.nanoTime();
      GatlingRun run =
          GatlingRun.run(
              "ProxyFailover",
              Files.createDirectories(dir.resolve("results")),
              List.of("-Dfailover.lab.dir=" + dir.resolve("lab")));
      long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
      assertEquals(Verdict.REFUSED.exitStatus(), run.exitCode(), run.tail());
      assertTrue(
          run.output()
              .contains(
                  "failover: The lab in "
                      + dir.resolve("lab")
                      + " is in use (pid "
                      + ProcessHandle.current().pid()
                      + ", bin/lab up"),
          run.tail());
      assertTrue(seconds < 60, "the refusal took " + seconds + " s");
      // nothing of a lab was created: the refusal came before the lab was touched
      assertTrue(!Files.exists(dir.resolve("lab").resolve("etcd")), "the lab was touched");
      assertTrue(!Files.exists(dir.resolve("results").resolve("runs")), "a run folder was left");
    }
  }

  /** A JVM on this test's class path running {@code args} (JVM options first, then the class). */
  private static Process java(List<String> args) throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty(
                    "surefire.test.class.path", System.getProperty("java.class.path"))));
    command.addAll(args);
    return new ProcessBuilder(command).start();
  }
}
