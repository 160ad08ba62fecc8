package io.pgfailover.trigger;

import io.pgfailover.config.SettingsException;
import io.pgfailover.config.TriggerKind;
import io.pgfailover.patroni.PatroniCluster;
import io.pgfailover.patroni.PatroniMember;
import io.pgfailover.patroni.PatroniRest;
import io.pgfailover.record.EventName;
import io.pgfailover.record.FailoverEvent;
import io.pgfailover.record.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Any shell command as the fault ({@code bash -c}, e.g. {@code kubectl delete pod ...}), with a
 * time limit. Its stdout and stderr (the last 64 KiB of each) go to {@code command-N.stdout} and
 * {@code command-N.stderr} in the output directory, and their last lines into the {@code returned}
 * event, with the exit code.
 *
 * <p>How the new primary is seen, optionally: through Patroni's REST API (as the Patroni triggers:
 * {@code new-primary-seen}, {@code timeline}, {@code patroni-history}), or through an observe
 * command run every {@value #OBSERVE_EVERY_MS} ms that prints who the primary is (e.g. {@code psql
 * -Atc 'select inet_server_addr()'}): {@code new-primary-seen} when its output changes. Without
 * either, the trigger returns when the command does. A failing command (non-zero exit, time limit)
 * ends the trigger with an exception after its {@code returned} event.
 */
public final class CommandTrigger implements Trigger {
  static final int TAIL_BYTES = 64 * 1024;
  static final long OBSERVE_EVERY_MS = 200;
  private static final long OBSERVE_TIMEOUT_MS = 5_000;
  private static final int DETAIL_CHARS = 200;

  private final String command;
  private final Duration timeout;
  private final Path outputDir;
  private final @Nullable PatroniRest rest;
  private final @Nullable String observeCommand;
  private final AtomicInteger fired = new AtomicInteger();

  /** A command whose effect is not observed: the trigger ends when the command does. */
  public CommandTrigger(String command, Duration timeout, Path outputDir) {
    this(command, timeout, outputDir, null, null);
  }

  /**
   * @param cluster Patroni to watch for the new primary, or null
   * @param observeCommand a command printing who the primary is, or null (ignored with a cluster)
   */
  public CommandTrigger(
      String command,
      Duration timeout,
      Path outputDir,
      @Nullable PatroniCluster cluster,
      @Nullable String observeCommand) {
    if (command.isBlank()) {
      throw new IllegalArgumentException("the command is empty");
    }
    this.command = command;
    this.timeout = timeout;
    this.outputDir = outputDir;
    this.rest = cluster == null ? null : new PatroniRest(cluster.restUrls(), Duration.ofSeconds(1));
    this.observeCommand = cluster == null ? observeCommand : null;
  }

  @Override
  public String kind() {
    return TriggerKind.COMMAND.label();
  }

  @Override
  public void preflight() {
    try {
      Files.createDirectories(outputDir);
    } catch (IOException e) {
      throw new SettingsException(
          "failover.command.output-dir",
          "Trigger command cannot create"
              + " its output directory "
              + outputDir
              + " ("
              + e.getMessage()
              + ").",
          e);
    }
    if (rest != null) {
      FailoverWatch.members(rest, kind());
    }
    if (observeCommand != null) {
      observe();
    }
  }

  /** The observe command's output now; throws when it fails, since then it can see nothing. */
  private String observe() {
    ShellCommand.Result r = runObserve();
    if (!r.succeeded() || r.stdout().isBlank()) {
      throw new SettingsException(
          "failover.command.observe-command",
          "The observe command"
              + (r.timedOut() ? " timed out" : " exited " + r.exitCode())
              + (r.stdout().isBlank() ? " and printed nothing" : "")
              + "; it must print who the"
              + " primary is and exit 0. stderr: "
              + PendingAnswer.oneLine(r.stderr()));
    }
    return r.stdout().trim();
  }

  private ShellCommand.Result runObserve() {
    try {
      return ShellCommand.start(observeCommand, 4096, "pgfailover-observe")
          .await(OBSERVE_TIMEOUT_MS);
    } catch (IOException e) {
      return new ShellCommand.Result(-1, false, 0, "", e.toString(), false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ShellCommand.Result(-1, true, 0, "", "interrupted", false);
    }
  }

  @Override
  public void fire(Consumer<FailoverEvent> events, Duration deadline) throws Exception {
    long deadlineNanos = System.nanoTime() + deadline.toNanos();
    int n = fired.incrementAndGet();
    Files.createDirectories(outputDir);
    List<PatroniMember> members = rest == null ? List.of() : FailoverWatch.members(rest, kind());
    Optional<PatroniMember> leader = FailoverWatch.runningLeader(members);
    String observedBefore = observeCommand == null ? null : observe();
    long limitMs = Math.min(timeout.toMillis(), deadline.toMillis());

    events.accept(FailoverEvent.now(EventName.ASKED, "bash -c " + cut(command)));
    ShellCommand running = ShellCommand.start(command, TAIL_BYTES, "pgfailover-command");
    CompletableFuture<FailoverEvent> returned = new CompletableFuture<>();
    Thread waiter =
        new Thread(
            () -> {
              try {
                returned.complete(returnedEvent(running.await(limitMs), n));
              } catch (Throwable e) {
                returned.complete(FailoverEvent.answer(Outcome.FAILED, "error: " + e));
              }
            },
            "pgfailover-command-wait");
    waiter.setDaemon(true);
    waiter.start();
    PendingAnswer answer =
        new PendingAnswer(returned, events, e -> e.outcome() != Outcome.OK, "command");

    if (rest != null) {
      String from = leader.map(PatroniMember::name).orElse("");
      int oldTimeline = leader.map(PatroniMember::timeline).orElse(0);
      FailoverWatch.followCall(rest, answer, from, oldTimeline, deadlineNanos, events, "command");
    } else if (observedBefore != null) {
      awaitObservedChange(observedBefore, answer, deadlineNanos, events);
      answer.awaitAndEmit(deadlineNanos);
    } else {
      answer.awaitAndEmit(deadlineNanos);
      if (!answer.isDone()) {
        throw new java.util.concurrent.TimeoutException("command still running at the deadline");
      }
      answer.emitIfDone(); // throws when the command failed
    }
  }

  private void awaitObservedChange(
      String before, PendingAnswer answer, long deadlineNanos, Consumer<FailoverEvent> events)
      throws Exception {
    while (System.nanoTime() - deadlineNanos < 0) {
      answer.emitIfDone();
      long pollStart = System.nanoTime();
      ShellCommand.Result r = runObserve();
      String now = r.stdout().trim();
      if (r.succeeded() && !now.isEmpty() && !now.equals(before)) {
        answer.emitIfArrived(); // the command may have returned while the observer ran
        events.accept(
            FailoverEvent.now(
                EventName.NEW_PRIMARY_SEEN, "observe command: " + cut(before) + " -> " + cut(now)));
        return;
      }
      long spentMs = (System.nanoTime() - pollStart) / 1_000_000;
      FailoverWatch.sleep(Math.max(1, OBSERVE_EVERY_MS - spentMs));
    }
    answer.emitIfDone();
    throw new java.util.concurrent.TimeoutException(
        "command: the observe command still printed " + cut(before) + " at the deadline");
  }

  private FailoverEvent returnedEvent(ShellCommand.Result r, int n) {
    String files;
    try {
      Path out = outputDir.resolve("command-" + n + ".stdout");
      Path err = outputDir.resolve("command-" + n + ".stderr");
      Files.writeString(out, r.stdout(), StandardCharsets.UTF_8);
      Files.writeString(err, r.stderr(), StandardCharsets.UTF_8);
      files = out + (r.truncated() ? " (last 64 KiB)" : "");
    } catch (IOException e) {
      files = "not saved: " + e.getMessage();
    }
    String status = r.timedOut() ? "killed at the time limit" : "exit " + r.exitCode();
    return FailoverEvent.answer(
        r.succeeded() ? Outcome.OK : Outcome.FAILED,
        status
            + " after "
            + r.tookMs()
            + " ms; stdout: "
            + tail(r.stdout())
            + "; stderr: "
            + tail(r.stderr())
            + "; output: "
            + files);
  }

  /** The end of an output, on one line: its last lines matter most. */
  private static String tail(String text) {
    String oneLine = text.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= DETAIL_CHARS
        ? oneLine
        : "..." + oneLine.substring(oneLine.length() - DETAIL_CHARS);
  }

  private static String cut(String text) {
    return PendingAnswer.oneLine(text);
  }
}
