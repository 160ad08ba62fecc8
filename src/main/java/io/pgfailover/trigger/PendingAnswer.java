package io.pgfailover.trigger;

import io.pgfailover.record.FailoverEvent;
import io.pgfailover.record.Outcome;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The answer to a call still in flight (a Patroni POST, a shell command) while the trigger watches
 * the cluster: emits its {@code returned} event from the watching thread, once, so events reach the
 * sink from one thread and in order. A refusal (by {@code refused}) ends the watch at once.
 */
final class PendingAnswer {
  private final CompletableFuture<FailoverEvent> returned;
  private final Consumer<FailoverEvent> events;
  private final Predicate<FailoverEvent> refused;
  private final String what;
  private boolean emitted;
  private FailoverEvent answer;

  PendingAnswer(
      CompletableFuture<FailoverEvent> returned,
      Consumer<FailoverEvent> events,
      Predicate<FailoverEvent> refused,
      String what) {
    this.returned = returned;
    this.events = events;
    this.refused = refused;
    this.what = what;
  }

  /** While waiting for the change: emits the answer if it came; a refusal ends the wait. */
  void emitIfDone() {
    emitOnce();
    if (answer != null && refused.test(answer)) {
      throw new IllegalStateException(what + " failed: " + answer.detail());
    }
  }

  /** A Patroni POST's answer as a {@code returned} event; refused unless HTTP 200. */
  static PendingAnswer ofHttp(
      CompletableFuture<HttpResponse<String>> call, Consumer<FailoverEvent> events, String what) {
    CompletableFuture<FailoverEvent> returned =
        call.handle(
            (response, error) ->
                error != null
                    ? FailoverEvent.answer(Outcome.FAILED, "error: " + error.getMessage())
                    : FailoverEvent.answer(
                        response.statusCode() == 200 ? Outcome.OK : Outcome.REFUSED,
                        response.statusCode() + " " + oneLine(response.body())));
    return new PendingAnswer(returned, events, e -> e.outcome() != Outcome.OK, what);
  }

  /** Text on one line, cut at 200 characters, for an event detail. */
  static String oneLine(String text) {
    String oneLine = text.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
  }

  boolean isDone() {
    return returned.isDone();
  }

  /**
   * Records the answer if it has come, whatever it is: called just before an event of the change,
   * so that an answer stamped earlier is not emitted after it (the timeline stays in order).
   */
  void emitIfArrived() {
    emitOnce();
  }

  /** After the change: waits for the answer until the deadline and records it, whatever it is. */
  void awaitAndEmit(long deadlineNanos) throws InterruptedException {
    long leftNanos = Math.max(0, deadlineNanos - System.nanoTime());
    try {
      returned.get(leftNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException | ExecutionException e) {
      return; // the change is already in place; a late answer is only missing from the timeline
    }
    emitOnce();
  }

  private FailoverEvent emitOnce() {
    if (emitted || !returned.isDone()) {
      return null;
    }
    emitted = true;
    answer = returned.join();
    events.accept(answer);
    return answer;
  }
}
