package io.pgfailover.trigger;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A planned switchover through Patroni's REST API ({@code POST /switchover}) from the running
 * leader to the healthiest replica.
 *
 * <p>Patroni answers the POST only once it sees the new leader, checking once a second, so {@code
 * returned} is late by up to a second. The trigger therefore watches {@code /cluster} every 50 ms
 * while the call is in flight: {@code new-primary-seen} is stamped when the new leader is first
 * seen, and may come before {@code returned}.
 */
public final class PatroniSwitchoverTrigger implements Trigger {
  private final PatroniRest rest;

  public PatroniSwitchoverTrigger(PatroniCluster cluster) {
    this.rest = new PatroniRest(cluster.restUrls(), Duration.ofSeconds(2));
  }

  @Override
  public String kind() {
    return "patroni-switchover";
  }

  @Override
  public void preflight() {
    FailoverWatch.before(rest, kind());
  }

  @Override
  public void fire(Consumer<FailoverEvent> events, Duration deadline) throws Exception {
    long deadlineNanos = System.nanoTime() + deadline.toNanos();
    FailoverWatch.Before before = FailoverWatch.before(rest, kind());
    String from = before.leader().name();
    String to = before.candidate().name();
    events.accept(FailoverEvent.now("asked", "switchover " + from + " -> " + to));
    CompletableFuture<FailoverEvent> returned = rest
        .switchoverAsync(before.leader(), to, deadline)
        .handle(PatroniSwitchoverTrigger::returnedEvent);
    ReturnedEmitter emitter = new ReturnedEmitter(returned, events);

    PatroniMember newLeader;
    try {
      newLeader = FailoverWatch.awaitNewLeader(rest, from, deadlineNanos, emitter::emitIfDone);
    } catch (TimeoutException e) {
      emitter.emitIfDone();
      throw new TimeoutException("switchover " + from + " -> " + to + ": " + e.getMessage());
    }
    events.accept(FailoverEvent.now("new-primary-seen", from + " -> " + newLeader.name()));
    emitter.awaitAndEmit(deadlineNanos);
    FailoverWatch.awaitTimeline(
        rest, newLeader.name(), before.leader().timeline(), deadlineNanos, events);
  }

  private static FailoverEvent returnedEvent(HttpResponse<String> response, Throwable error) {
    if (error != null) {
      return FailoverEvent.now("returned", "error: " + error.getMessage());
    }
    return FailoverEvent.now("returned", response.statusCode() + " " + summary(response.body()));
  }

  static String summary(String body) {
    String oneLine = body.replaceAll("\\s+", " ").trim();
    return oneLine.length() <= 200 ? oneLine : oneLine.substring(0, 200) + "...";
  }

  /** Emits {@code returned} from the caller's thread, once, and stops on a refused switchover. */
  private static final class ReturnedEmitter {
    private final CompletableFuture<FailoverEvent> returned;
    private final Consumer<FailoverEvent> events;
    private boolean emitted;

    ReturnedEmitter(CompletableFuture<FailoverEvent> returned, Consumer<FailoverEvent> events) {
      this.returned = returned;
      this.events = events;
    }

    /** While waiting for the new leader: a refused switchover ends the wait. */
    void emitIfDone() {
      FailoverEvent event = emitOnce();
      if (event != null && !event.detail().startsWith("200 ")) {
        throw new IllegalStateException("Patroni did not switch over: " + event.detail());
      }
    }

    private FailoverEvent emitOnce() {
      if (emitted || !returned.isDone()) {
        return null;
      }
      emitted = true;
      FailoverEvent event = returned.join();
      events.accept(event);
      return event;
    }

    /** After the new leader is in place: whatever Patroni answers is only recorded. */
    void awaitAndEmit(long deadlineNanos) throws InterruptedException {
      long leftNanos = Math.max(0, deadlineNanos - System.nanoTime());
      try {
        returned.get(leftNanos, TimeUnit.NANOSECONDS);
      } catch (TimeoutException | ExecutionException e) {
        return; // the new primary is already in place; a late answer only misses the timeline
      }
      emitOnce();
    }
  }
}
