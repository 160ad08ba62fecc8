package io.pgfailover.trigger;

import io.pgfailover.config.SettingsException;
import io.pgfailover.config.TriggerKind;
import io.pgfailover.record.EventName;
import io.pgfailover.record.FailoverEvent;
import io.pgfailover.record.Outcome;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A crash of the connection proxy, not of the database: SIGKILL to the lab's PgBouncer or HAProxy
 * (and its children), which the lab starts again after {@code restartDelay}, as a supervisor would.
 * Every client connection through it breaks; the primary stays where it is.
 *
 * <p>Events: {@code asked}, {@code returned} (SIGKILL sent), {@code killed} (the process is gone),
 * {@code restarted} (the new process launched), {@code accepting-connections} (its port accepts a
 * TCP connection again).
 */
public final class KillProxyTrigger implements Trigger {
  private static final long POLL_MS = 20;

  private final LocalProxy proxy;
  private final Duration restartDelay;

  /**
   * @param restartDelay time between the kill and the restart; zero restarts at once
   */
  public KillProxyTrigger(LocalProxy proxy, Duration restartDelay) {
    if (restartDelay.isNegative()) {
      throw new IllegalArgumentException("restartDelay must not be negative: " + restartDelay);
    }
    this.proxy = proxy;
    this.restartDelay = restartDelay;
  }

  @Override
  public String kind() {
    return TriggerKind.KILL_PROXY.label();
  }

  @Override
  public void preflight() {
    pid();
  }

  private long pid() {
    OptionalLong pid = proxy.pid();
    if (pid.isEmpty()) {
      throw new SettingsException(
          "failover.kill-proxy.proxy",
          "Trigger kill-proxy found no"
              + " running "
              + proxy.name()
              + " process; is the lab running?");
    }
    return pid.getAsLong();
  }

  @Override
  public void fire(Consumer<FailoverEvent> events, Duration deadline) throws Exception {
    long deadlineNanos = System.nanoTime() + deadline.toNanos();
    long pid = pid();
    List<Long> targets = LocalSignals.tree(List.of(pid));
    events.accept(
        FailoverEvent.now(
            EventName.ASKED,
            "SIGKILL "
                + proxy.name()
                + " (pid "
                + pid
                + "), restart after "
                + restartDelay.toMillis()
                + " ms"));
    int killed = LocalSignals.kill(targets);
    events.accept(
        FailoverEvent.answer(
            Outcome.OK, "sent SIGKILL to " + killed + " of " + targets.size() + " processes"));
    long killedAtNanos = System.nanoTime();
    awaitUntil(
        () -> targets.stream().noneMatch(LocalSignals::isAlive),
        deadlineNanos,
        proxy.name() + " still alive after SIGKILL");
    events.accept(FailoverEvent.now(EventName.KILLED, proxy.name() + " (pid " + pid + ") is gone"));

    long restartAtNanos = killedAtNanos + restartDelay.toNanos();
    while (System.nanoTime() - restartAtNanos < 0) {
      FailoverWatch.sleep(
          Math.max(1, Math.min(POLL_MS, (restartAtNanos - System.nanoTime()) / 1_000_000)));
    }
    proxy.restart();
    events.accept(
        FailoverEvent.now(
            EventName.RESTARTED,
            proxy.name()
                + " started again (pid "
                + proxy.pid().stream().mapToObj(String::valueOf).findFirst().orElse("?")
                + ")"));
    awaitUntil(
        proxy::accepts,
        deadlineNanos,
        proxy.name() + " does not accept connections on " + proxy.address());
    events.accept(
        FailoverEvent.now(
            EventName.ACCEPTING_CONNECTIONS,
            proxy.name()
                + " accepts on "
                + proxy.address().getHostString()
                + ":"
                + proxy.address().getPort()));
  }

  private static void awaitUntil(BooleanSupplier condition, long deadlineNanos, String failure)
      throws TimeoutException, InterruptedIOException {
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadlineNanos >= 0) {
        throw new TimeoutException("kill-proxy: " + failure + " at the deadline");
      }
      FailoverWatch.sleep(POLL_MS);
    }
  }
}
