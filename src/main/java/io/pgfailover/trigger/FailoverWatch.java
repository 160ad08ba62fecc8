package io.pgfailover.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import io.pgfailover.config.SettingsException;
import io.pgfailover.patroni.PatroniMember;
import io.pgfailover.patroni.PatroniRest;
import io.pgfailover.record.EventName;
import io.pgfailover.record.FailoverEvent;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * Watches a Patroni cluster through a failover: who leads before, when a new leader runs (or the
 * old one is back on a new timeline), and what Patroni's {@code /history} says about it.
 */
final class FailoverWatch {
  static final long POLL_MS = 50;
  static final String SETTING = "failover.trigger";
  static final long HISTORY_WAIT_MS = 5_000;

  private FailoverWatch() {}

  /** The cluster's state before the trigger acts: a running leader and the replica to promote. */
  record Before(PatroniMember leader, PatroniMember candidate) {}

  /**
   * What changed: a running leader other than the old one, or ({@code sameNode}) the old leader
   * running again after a restart in place.
   */
  record Change(PatroniMember leader, boolean sameNode) {}

  /**
   * Reads the cluster and checks that a failover can happen: a running leader and at least one
   * running replica Patroni may promote. Throws {@link SettingsException} naming what is wrong.
   */
  static Before before(PatroniRest rest, String kind) {
    List<PatroniMember> members = members(rest, kind);
    PatroniMember leader =
        runningLeader(members)
            .orElseThrow(
                () ->
                    new SettingsException(
                        SETTING,
                        "Trigger "
                            + kind
                            + " found no running leader in the Patroni cluster "
                            + describe(members)
                            + ". Wait until the cluster has a primary before starting the run."));
    return new Before(leader, candidate(members, null, kind));
  }

  /** The members from {@code /cluster}; throws {@link SettingsException} when none answers. */
  static List<PatroniMember> members(PatroniRest rest, String kind) {
    try {
      return rest.members();
    } catch (IOException e) {
      throw new SettingsException(
          SETTING,
          "Trigger "
              + kind
              + " cannot read the Patroni REST API"
              + " at "
              + rest.restUrls()
              + " ("
              + e.getMessage()
              + "). Check that Patroni runs and"
              + " that the REST URLs point at its restapi listen address.",
          e);
    }
  }

  static Optional<PatroniMember> runningLeader(List<PatroniMember> members) {
    return members.stream().filter(m -> m.isLeader() && m.isRunning()).findFirst();
  }

  /**
   * The replica to promote: {@code wanted} when named (it must be promotable), else the healthiest
   * one (running, promotable, least lag; unknown lag sorts last).
   */
  static PatroniMember candidate(
      List<PatroniMember> members, @Nullable String wanted, String kind) {
    if (wanted != null) {
      return members.stream()
          .filter(m -> m.name().equals(wanted) && m.isPromotableReplica())
          .findFirst()
          .orElseThrow(
              () ->
                  new SettingsException(
                      SETTING,
                      "Trigger "
                          + kind
                          + ": the candidate "
                          + wanted
                          + " is not a running replica Patroni may promote in "
                          + describe(members)
                          + ". Name a running replica, or leave the candidate out to take the healthiest."));
    }
    return members.stream()
        .filter(PatroniMember::isPromotableReplica)
        .min(Comparator.comparingLong(m -> m.lagBytes() < 0 ? Long.MAX_VALUE : m.lagBytes()))
        .orElseThrow(
            () ->
                new SettingsException(
                    SETTING,
                    "Trigger "
                        + kind
                        + " found no healthy"
                        + " replica to fail over to in the Patroni cluster "
                        + describe(members)
                        + ". A"
                        + " failover needs at least one running replica without the nofailover tag."));
  }

  /**
   * Polls {@code /cluster} every {@value #POLL_MS} ms until a running leader other than {@code
   * oldLeader} appears. Read errors count as "not yet" (members are going down on purpose). {@code
   * onTick} runs once per poll, so a caller can emit events from its own thread.
   */
  static PatroniMember awaitNewLeader(
      PatroniRest rest, String oldLeader, long deadlineNanos, Runnable onTick)
      throws TimeoutException, InterruptedIOException {
    return awaitChange(rest, oldLeader, null, deadlineNanos, onTick).leader();
  }

  /**
   * Like {@link #awaitNewLeader}, but the old leader counts too once {@code restartedInPlace} holds
   * for it (running again on a new timeline, say); null accepts only another leader.
   */
  static Change awaitChange(
      PatroniRest rest,
      String oldLeader,
      @Nullable Predicate<PatroniMember> restartedInPlace,
      long deadlineNanos,
      Runnable onTick)
      throws TimeoutException, InterruptedIOException {
    String lastSeen = oldLeader;
    while (true) {
      onTick.run();
      Optional<PatroniMember> leader = readLeader(rest);
      if (leader.isPresent()) {
        lastSeen = leader.get().name();
        if (!lastSeen.equals(oldLeader)) {
          return new Change(leader.get(), false);
        }
        if (restartedInPlace != null && restartedInPlace.test(leader.get())) {
          return new Change(leader.get(), true);
        }
      }
      if (System.nanoTime() - deadlineNanos >= 0) {
        throw new TimeoutException(
            "no new primary before the deadline: the running leader is" + " still " + lastSeen);
      }
      sleep(POLL_MS);
    }
  }

  /**
   * Watches the cluster while a call that causes the failover is in flight (a Patroni POST, a shell
   * command), then records the change. Its answer is emitted as {@code returned} when it comes; a
   * refused call ends the watch with {@link IllegalStateException}.
   */
  static Change followCall(
      PatroniRest rest,
      PendingAnswer answer,
      String oldLeader,
      int oldTimeline,
      long deadlineNanos,
      Consumer<FailoverEvent> events,
      String what)
      throws TimeoutException, InterruptedException, InterruptedIOException {
    Change change;
    try {
      change = awaitChange(rest, oldLeader, null, deadlineNanos, answer::emitIfDone);
    } catch (TimeoutException e) {
      answer.emitIfDone();
      throw new TimeoutException(what + ": " + e.getMessage());
    }
    record(rest, change, oldLeader, oldTimeline, deadlineNanos, events, answer);
    return change;
  }

  /**
   * Records a change on the timeline: {@code new-primary-seen} (another leader) or {@code
   * primary-restarted} (the same one back); the pending call's {@code returned}, if any, before it
   * when it already came, else after it; then the new {@code timeline} once the leader reports it;
   * then Patroni's last {@code /history} entry as {@code patroni-history}.
   */
  static void record(
      PatroniRest rest,
      Change change,
      String oldLeader,
      int oldTimeline,
      long deadlineNanos,
      Consumer<FailoverEvent> events,
      @Nullable PendingAnswer answer)
      throws InterruptedException, InterruptedIOException {
    String now = change.leader().name();
    if (answer != null) {
      answer.emitIfArrived();
    }
    if (change.sameNode()) {
      events.accept(
          FailoverEvent.now(
              EventName.PRIMARY_RESTARTED,
              now + " is running again as leader" + " (restarted in place, not failed over)"));
    } else {
      events.accept(
          FailoverEvent.now(
              EventName.NEW_PRIMARY_SEEN,
              (oldLeader.isEmpty() ? "(no leader)" : oldLeader) + " -> " + now));
    }
    if (answer != null) {
      answer.awaitAndEmit(deadlineNanos);
    }
    int timeline = awaitTimeline(rest, now, oldTimeline, deadlineNanos, events);
    recordHistory(rest, timeline > 0 ? timeline : oldTimeline + 1, deadlineNanos, events);
  }

  /**
   * Waits (until the deadline) for {@code leader} to report a timeline above {@code oldTimeline},
   * and emits it as a {@code timeline} event; returns it. Emits nothing and returns -1 when the
   * deadline passes first.
   */
  static int awaitTimeline(
      PatroniRest rest,
      String leader,
      int oldTimeline,
      long deadlineNanos,
      Consumer<FailoverEvent> events)
      throws InterruptedIOException {
    while (System.nanoTime() - deadlineNanos < 0) {
      Optional<PatroniMember> current = readLeader(rest);
      if (current.isPresent()
          && current.get().name().equals(leader)
          && current.get().timeline() > oldTimeline) {
        events.accept(
            FailoverEvent.now(
                EventName.TIMELINE,
                current.get().timeline() + " (was " + oldTimeline + ") on " + leader));
        return current.get().timeline();
      }
      sleep(POLL_MS);
    }
    return -1;
  }

  /**
   * Emits Patroni's own account of the switch to {@code timeline}: {@code GET /history}'s row
   * {@code [old timeline, lsn, reason, timestamp, new leader]}. The leader writes it a loop or two
   * after the promotion, so this polls for up to {@link #HISTORY_WAIT_MS} ms (and the deadline).
   * Stamped when read, so the timeline stays in order; Patroni's timestamp is in the detail.
   * Nothing when no such row appears.
   */
  static void recordHistory(
      PatroniRest rest, int timeline, long deadlineNanos, Consumer<FailoverEvent> events)
      throws InterruptedIOException {
    long untilNanos = Math.min(deadlineNanos, System.nanoTime() + HISTORY_WAIT_MS * 1_000_000);
    while (true) {
      Optional<JsonNode> row = historyRow(rest, timeline);
      if (row.isPresent()) {
        JsonNode r = row.get();
        StringBuilder detail =
            new StringBuilder("timeline ")
                .append(timeline)
                .append(" from lsn ")
                .append(r.path(1).asText())
                .append(", reason: ")
                .append(r.path(2).asText(""));
        if (r.size() > 3) {
          detail.append(", at ").append(r.path(3).asText(""));
        }
        if (r.size() > 4) {
          detail.append(", new leader ").append(r.path(4).asText(""));
        }
        events.accept(FailoverEvent.now(EventName.PATRONI_HISTORY, detail.toString()));
        return;
      }
      if (System.nanoTime() - untilNanos >= 0) {
        return;
      }
      sleep(POLL_MS * 4);
    }
  }

  /** The {@code /history} row that ended {@code timeline - 1}, if Patroni has written it. */
  private static Optional<JsonNode> historyRow(PatroniRest rest, int timeline)
      throws InterruptedIOException {
    try {
      for (JsonNode r : rest.history()) {
        if (r.path(0).asInt() == timeline - 1) {
          return Optional.of(r);
        }
      }
    } catch (InterruptedIOException e) {
      throw e;
    } catch (IOException e) {
      // a member restarting: try again
    }
    return Optional.empty();
  }

  static String describe(List<PatroniMember> members) {
    StringBuilder text = new StringBuilder("[");
    for (PatroniMember m : members) {
      if (text.length() > 1) {
        text.append(", ");
      }
      text.append(m.name()).append(' ').append(m.role()).append(' ').append(m.state());
    }
    return text.append(']').toString();
  }

  static Optional<PatroniMember> readLeader(PatroniRest rest) throws InterruptedIOException {
    try {
      return rest.runningLeader();
    } catch (InterruptedIOException e) {
      throw e;
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Sleeps until {@code nanos} (a {@link System#nanoTime()} reading), in polls. */
  static void sleepUntil(long nanos) throws InterruptedIOException {
    while (System.nanoTime() - nanos < 0) {
      sleep(Math.min(POLL_MS, Math.max(1, (nanos - System.nanoTime()) / 1_000_000)));
    }
  }

  static void sleep(long ms) throws InterruptedIOException {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while watching the failover");
    }
  }
}
