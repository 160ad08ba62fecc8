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
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The DCS goes away while the database nodes stay: {@code stop-dcs} sends etcd SIGSTOP for {@code
 * outage} (Patroni's own acceptance tests do this), {@code kill-dcs} sends it SIGKILL and the lab
 * starts it again after {@code outage}. Patroni's answer depends on {@code failsafe_mode}: off (its
 * default), the primary cannot renew its leader key within retry_timeout and demotes itself, so
 * every path loses writes although no node failed; on, it asks the other members instead and stays
 * primary.
 *
 * <p>Events: {@code asked}, {@code frozen} or {@code killed}, {@code primary-demoted} if it
 * demoted, {@code thawed} or {@code restarted} and {@code accepting-connections}, then who leads:
 * {@code leader-resumed} (the same member, after a demotion), {@code new-primary-seen} (another)
 * with the aftermath of {@link FaultAftermath}, or {@code no-failover} (it stayed primary).
 */
public final class DcsOutageTrigger implements Trigger {
  private final TriggerKind kind;
  private final PatroniRest rest;
  private final LocalProxy dcs;
  private final Duration outage;

  /**
   * @param kind stop-dcs or kill-dcs
   * @param dcs the lab's etcd
   * @param outage how long etcd stays stopped or dead
   */
  public DcsOutageTrigger(
      TriggerKind kind, PatroniCluster cluster, LocalProxy dcs, Duration outage) {
    if (kind != TriggerKind.STOP_DCS && kind != TriggerKind.KILL_DCS) {
      throw new IllegalArgumentException(kind + " is not a DCS outage");
    }
    if (outage.isNegative() || outage.isZero()) {
      throw new IllegalArgumentException("outage must be positive: " + outage);
    }
    this.kind = kind;
    // Short reads: while etcd is gone, /cluster may hang on the DCS.
    this.rest = new PatroniRest(cluster.restUrls(), Duration.ofMillis(500));
    this.dcs = dcs;
    this.outage = outage;
  }

  @Override
  public String kind() {
    return kind.label();
  }

  @Override
  public void preflight() {
    pid();
    FailoverWatch.before(rest, kind());
  }

  private long pid() {
    OptionalLong pid = dcs.pid();
    if (pid.isEmpty()) {
      throw new SettingsException(
          FailoverWatch.SETTING,
          "Trigger "
              + kind()
              + " found no running "
              + dcs.name()
              + " process; is the lab running?");
    }
    return pid.getAsLong();
  }

  @Override
  public void fire(Consumer<FailoverEvent> events, Duration deadline) throws Exception {
    long deadlineNanos = System.nanoTime() + deadline.toNanos();
    FailoverWatch.Before before = FailoverWatch.before(rest, kind());
    PatroniMember primary = before.leader();
    long pid = pid();
    DemotionWatch demotion = new DemotionWatch(rest, primary);
    if (kind == TriggerKind.STOP_DCS) {
      events.accept(
          FailoverEvent.now(
              EventName.ASKED,
              "SIGSTOP " + dcs.name() + " (pid " + pid + ") for " + outage.toMillis() + " ms"));
      try (FrozenProcesses frozen = FrozenProcesses.freeze(List.of(pid))) {
        events.accept(FailoverEvent.now(EventName.FROZEN, dcs.name() + " stopped"));
        watchUntil(demotion, System.nanoTime() + outage.toNanos(), deadlineNanos, events);
        frozen.thaw();
        events.accept(FailoverEvent.now(EventName.THAWED, "SIGCONT to " + dcs.name()));
      }
    } else {
      events.accept(
          FailoverEvent.now(
              EventName.ASKED,
              "SIGKILL "
                  + dcs.name()
                  + " (pid "
                  + pid
                  + "), restart after "
                  + outage.toMillis()
                  + " ms"));
      List<Long> targets = LocalSignals.tree(List.of(pid));
      int killed = LocalSignals.kill(targets);
      events.accept(
          FailoverEvent.answer(
              Outcome.OK, "sent SIGKILL to " + killed + " of " + targets.size() + " processes"));
      long killedAtNanos = System.nanoTime();
      events.accept(FailoverEvent.now(EventName.KILLED, dcs.name() + " (pid " + pid + ")"));
      watchUntil(demotion, killedAtNanos + outage.toNanos(), deadlineNanos, events);
      dcs.restart();
      events.accept(FailoverEvent.now(EventName.RESTARTED, dcs.name() + " started again"));
      awaitAccepting(deadlineNanos);
      events.accept(
          FailoverEvent.now(
              EventName.ACCEPTING_CONNECTIONS,
              dcs.name() + " accepts on :" + dcs.address().getPort()));
    }
    followLeader(before, demotion, deadlineNanos, events);
  }

  /** While etcd is gone: watches the primary's own role, bounded by the run's deadline. */
  private static void watchUntil(
      DemotionWatch demotion, long untilNanos, long deadlineNanos, Consumer<FailoverEvent> events)
      throws IOException {
    long end = Math.min(untilNanos, deadlineNanos);
    while (System.nanoTime() - end < 0) {
      demotion.pollOnce(events);
      FailoverWatch.sleep(FailoverWatch.POLL_MS);
    }
  }

  /** Once etcd is back: waits for a running leader and says who it is. */
  private void followLeader(
      FailoverWatch.Before before,
      DemotionWatch demotion,
      long deadlineNanos,
      Consumer<FailoverEvent> events)
      throws IOException, TimeoutException {
    String primary = before.leader().name();
    while (System.nanoTime() - deadlineNanos < 0) {
      demotion.pollOnce(events);
      Optional<PatroniMember> leader = FailoverWatch.readLeader(rest);
      if (leader.isPresent() && !leader.get().name().equals(primary)) {
        FaultAftermath aftermath = new FaultAftermath(rest, primary);
        aftermath.pollOnce(events);
        aftermath.follow(before.leader().timeline(), "", deadlineNanos, events);
        return;
      }
      if (leader.isPresent() && demotion.demoted()) {
        events.accept(
            FailoverEvent.now(
                EventName.LEADER_RESUMED,
                primary + " leads again after demoting itself (" + demotion.lastSeen() + ")"));
        return;
      }
      if (leader.isPresent()) {
        events.accept(
            FailoverEvent.now(
                EventName.NO_FAILOVER,
                primary + " stayed primary through the DCS outage (" + demotion.lastSeen() + ")"));
        return;
      }
      FailoverWatch.sleep(FailoverWatch.POLL_MS);
    }
    throw new TimeoutException(kind() + ": no running leader after the DCS came back");
  }

  private void awaitAccepting(long deadlineNanos) throws IOException, TimeoutException {
    while (!dcs.accepts()) {
      if (System.nanoTime() - deadlineNanos >= 0) {
        throw new TimeoutException(kind() + ": " + dcs.name() + " does not accept connections");
      }
      FailoverWatch.sleep(FailoverWatch.POLL_MS);
    }
  }
}
