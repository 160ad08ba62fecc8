package io.pgfailover.trigger;

import io.pgfailover.config.TriggerKind;
import io.pgfailover.patroni.PatroniCluster;
import io.pgfailover.patroni.PatroniRest;
import io.pgfailover.record.EventName;
import io.pgfailover.record.FailoverEvent;
import java.time.Duration;
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
    return TriggerKind.PATRONI_SWITCHOVER.label();
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
    events.accept(FailoverEvent.now(EventName.ASKED, "switchover " + from + " -> " + to));
    PendingAnswer answer =
        PendingAnswer.ofHttp(
            rest.switchoverAsync(before.leader(), to, deadline), events, "Patroni switchover");
    FailoverWatch.followCall(
        rest,
        answer,
        from,
        before.leader().timeline(),
        deadlineNanos,
        events,
        "switchover " + from + " -> " + to);
  }
}
