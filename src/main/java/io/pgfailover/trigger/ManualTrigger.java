package io.pgfailover.trigger;

import io.pgfailover.config.SettingsException;
import io.pgfailover.config.TriggerKind;
import io.pgfailover.patroni.PatroniCluster;
import io.pgfailover.patroni.PatroniMember;
import io.pgfailover.patroni.PatroniRest;
import io.pgfailover.record.EventName;
import io.pgfailover.record.FailoverEvent;
import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The operator causes the failover (a console button, a cable): the tool tells them when, on the
 * console, with a countdown, stamps {@code asked} at "NOW", then detects the change, bounded by the
 * deadline. There is no call, so no {@code returned} event.
 *
 * <p>Detection: with Patroni, a new leader ({@code new-primary-seen}) or the same one back on a new
 * timeline ({@code primary-restarted}), then {@code timeline} and {@code patroni-history};
 * otherwise a fresh JDBC connection every {@value #PROBE_EVERY_MS} ms ({@link ServerIdentity}):
 * {@code probe-failed} at the first failure, {@code change-seen} when a writable server with
 * another address, port, start time or timeline answers (for a reader URL: any other server).
 */
public final class ManualTrigger implements Trigger {
  static final long PROBE_EVERY_MS = 200;
  private static final String RULE = "=".repeat(78);

  private final Duration countdown;
  private final PrintStream console;
  private final @Nullable PatroniRest rest;
  private final @Nullable String jdbcUrl;
  private final @Nullable String user;
  private final @Nullable String password;

  /** Detects the change through Patroni's REST API. */
  public ManualTrigger(Duration countdown, PrintStream console, PatroniCluster cluster) {
    this(
        countdown,
        console,
        new PatroniRest(cluster.restUrls(), Duration.ofSeconds(1)),
        null,
        null,
        null);
  }

  /** Detects the change through a probe connection; {@code password} is never shown. */
  public ManualTrigger(
      Duration countdown, PrintStream console, String jdbcUrl, String user, String password) {
    this(countdown, console, null, jdbcUrl, user, password);
  }

  private ManualTrigger(
      Duration countdown,
      PrintStream console,
      @Nullable PatroniRest rest,
      @Nullable String jdbcUrl,
      @Nullable String user,
      @Nullable String password) {
    if (countdown.isNegative()) {
      throw new IllegalArgumentException("countdown must not be negative: " + countdown);
    }
    this.countdown = countdown;
    this.console = console;
    this.rest = rest;
    this.jdbcUrl = jdbcUrl;
    this.user = user;
    this.password = password;
  }

  @Override
  public String kind() {
    return TriggerKind.MANUAL.label();
  }

  @Override
  public void preflight() {
    if (rest != null) {
      FailoverWatch.members(rest, kind());
    } else {
      identity();
    }
  }

  private ServerIdentity identity() {
    try {
      return ServerIdentity.probe(jdbcUrl, user, password);
    } catch (SQLException e) {
      throw new SettingsException(
          "failover.manual.jdbc-url",
          "Trigger manual cannot connect to "
              + watched()
              + " to watch for the failover ("
              + e.getMessage()
              + "). Check the URL, the"
              + " user and the password variable.",
          e);
    }
  }

  /** What is watched, for the operator; the JDBC URL without its parameters (no secrets). */
  private String watched() {
    return rest != null
        ? "Patroni at " + rest.restUrls()
        : jdbcUrl.replaceFirst("\\?.*$", "") + " as " + user;
  }

  @Override
  public void fire(Consumer<FailoverEvent> events, Duration deadline) throws Exception {
    long deadlineNanos = System.nanoTime() + deadline.toNanos();
    List<PatroniMember> members = rest == null ? List.of() : FailoverWatch.members(rest, kind());
    Optional<PatroniMember> leader = FailoverWatch.runningLeader(members);
    ServerIdentity before = rest == null ? identity() : null;
    console.println(RULE);
    console.println(" MANUAL FAILOVER: cause the failover yourself when this says NOW.");
    console.println(
        " Watching "
            + watched()
            + (before != null
                ? ", now " + before
                : leader.map(l -> ", leader now " + l.name()).orElse(", no leader now"))
            + "; waiting up to "
            + deadline.toSeconds()
            + " s.");
    console.println(RULE);
    for (long s = countdown.toSeconds(); s > 0; s--) {
      console.println("   failover in " + s + " s ...");
      console.flush();
      FailoverWatch.sleep(1_000);
    }
    FailoverWatch.sleep(countdown.toMillisPart());
    console.println(" >>> NOW: cause the failover. <<<");
    console.flush();
    long askedNanos = System.nanoTime();
    events.accept(
        FailoverEvent.now(
            EventName.ASKED, "operator told to cause the failover; watching " + watched()));
    try {
      if (rest != null) {
        String from = leader.map(PatroniMember::name).orElse("");
        int oldTimeline = leader.map(PatroniMember::timeline).orElse(0);
        FailoverWatch.Change change =
            FailoverWatch.awaitChange(
                rest,
                from,
                m -> m.isRunning() && m.timeline() > oldTimeline,
                deadlineNanos,
                () -> {});
        FailoverWatch.record(rest, change, from, oldTimeline, deadlineNanos, events, null);
      } else {
        awaitIdentityChange(before, deadlineNanos, events);
      }
    } catch (TimeoutException e) {
      console.println(" No failover seen within " + deadline.toSeconds() + " s.");
      throw new TimeoutException("manual: " + e.getMessage());
    }
    console.printf(" Failover seen %.1f s after NOW.%n", (System.nanoTime() - askedNanos) / 1e9);
    console.flush();
  }

  private void awaitIdentityChange(
      ServerIdentity before, long deadlineNanos, Consumer<FailoverEvent> events)
      throws TimeoutException, java.io.InterruptedIOException {
    boolean failed = false;
    while (System.nanoTime() - deadlineNanos < 0) {
      long pollStart = System.nanoTime();
      try {
        ServerIdentity now = ServerIdentity.probe(jdbcUrl, user, password);
        if (before.differsFrom(now) && (before.inRecovery() || !now.inRecovery())) {
          events.accept(FailoverEvent.now(EventName.CHANGE_SEEN, before + " -> " + now));
          return;
        }
      } catch (SQLException e) {
        if (!failed) {
          failed = true;
          events.accept(
              FailoverEvent.now(
                  EventName.PROBE_FAILED,
                  PendingAnswer.oneLine(e.getSQLState() + " " + e.getMessage())));
        }
      }
      long spentMs = (System.nanoTime() - pollStart) / 1_000_000;
      FailoverWatch.sleep(Math.max(1, PROBE_EVERY_MS - spentMs));
    }
    throw new TimeoutException("the probe connection still reaches " + before);
  }
}
