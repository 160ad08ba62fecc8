package io.pgfailover.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.pgfailover.lifecycle.ExitSequence.Step;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The exit sequence at a real JVM exit: a JVM of its own registers actions out of order, one that
 * throws an Error, one withdrawn, and one registered while the sequence runs; what it prints is the
 * order they ran in.
 */
class ExitSequenceTest {

  /** The JVM under test. */
  public static final class Probe {
    public static void main(String[] args) {
      ExitSequence.at(Step.EXIT_STATUS, "status", () -> System.out.println("exit-status"));
      ExitSequence.at(Step.REPORT, "report", () -> System.out.println("report"));
      ExitSequence.at(
          Step.HEAL,
          "a thaw that fails",
          () -> {
            throw new AssertionError("boom");
          });
      ExitSequence.at(Step.HEAL, "heal", () -> System.out.println("heal"));
      ExitSequence.at(Step.STOP_LAB, "withdrawn", () -> System.out.println("withdrawn")).close();
      ExitSequence.at(
          Step.STOP_LOAD,
          "stop load",
          () -> {
            System.out.println("stop-load");
            // a run finishing during the interrupt: a later step still runs, an earlier one not
            ExitSequence.at(Step.REPORT, "late report", () -> System.out.println("late-report"));
            ExitSequence.at(Step.STOP_LOAD, "too late", () -> System.out.println("too-late"));
          });
      System.exit(0);
    }
  }

  @Test
  void stepsRunInTheirOrderWhateverTheRegistrationOrderAndAFailureStopsNothing(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    Process jvm =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Probe.class.getName())
            .redirectErrorStream(false)
            .redirectError(dir.resolve("stderr").toFile())
            .start();
    String out = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    jvm.waitFor(30, TimeUnit.SECONDS);
    assertEquals(
        List.of("stop-load", "heal", "report", "late-report", "exit-status"),
        out.lines().filter(l -> !l.isBlank() && !l.contains(" ")).toList(),
        out);
  }
}
