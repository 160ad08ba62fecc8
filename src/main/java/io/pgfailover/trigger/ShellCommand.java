package io.pgfailover.trigger;

import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code bash -c} command with a time limit, its stdout and stderr kept (the last {@code
 * tailBytes} each). The command inherits this JVM's environment (it may need cloud credentials),
 * which is never logged or recorded.
 */
final class ShellCommand {
  /** What the command did. {@code exitCode} is -1 when it was killed at its time limit. */
  record Result(
      int exitCode,
      boolean timedOut,
      long tookMs,
      String stdout,
      String stderr,
      boolean truncated) {
    boolean succeeded() {
      return exitCode == 0 && !timedOut;
    }
  }

  private static final long DRAIN_MS = 1_000;

  private final Process process;
  private final OutputTail stdout;
  private final OutputTail stderr;
  private final long startNanos;

  private ShellCommand(Process process, int tailBytes, String name) {
    this.process = process;
    this.startNanos = System.nanoTime();
    this.stdout = OutputTail.start(process.getInputStream(), tailBytes, name + "-stdout");
    this.stderr = OutputTail.start(process.getErrorStream(), tailBytes, name + "-stderr");
  }

  static ShellCommand start(String command, int tailBytes, String name) throws IOException {
    Process process =
        new ProcessBuilder(List.of("bash", "-c", command))
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    return new ShellCommand(process, tailBytes, name);
  }

  /** Waits up to {@code timeoutMs}; past it the command and its descendants get SIGKILL. */
  Result await(long timeoutMs) throws InterruptedException {
    boolean timedOut = false;
    try {
      if (!process.waitFor(Math.max(0, timeoutMs), TimeUnit.MILLISECONDS)) {
        timedOut = true;
        killTree();
        process.waitFor(DRAIN_MS, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      killTree();
      throw e;
    }
    long tookMs = (System.nanoTime() - startNanos) / 1_000_000;
    // A background child may hold the pipes open: wait a little, then take what came.
    stdout.awaitEnd(DRAIN_MS);
    stderr.awaitEnd(DRAIN_MS);
    int exit = timedOut || process.isAlive() ? -1 : process.exitValue();
    return new Result(
        exit,
        timedOut,
        tookMs,
        stdout.text(),
        stderr.text(),
        stdout.truncated() || stderr.truncated());
  }

  private void killTree() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
