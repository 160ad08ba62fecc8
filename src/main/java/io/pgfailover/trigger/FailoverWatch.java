package io.pgfailover.trigger;

import io.pgfailover.config.SettingsException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/** Watches a Patroni cluster through a failover: who leads before, when a new leader runs. */
final class FailoverWatch {
  static final long POLL_MS = 50;
  private static final String SETTING = "failover.trigger";

  private FailoverWatch() {}

  /** The cluster's state before the trigger acts: a running leader and the replica to promote. */
  record Before(PatroniMember leader, PatroniMember candidate) {}

  /**
   * Reads the cluster and checks that a failover can happen: a running leader and at least one
   * running replica Patroni may promote. Throws {@link SettingsException} naming what is wrong.
   */
  static Before before(PatroniRest rest, String kind) {
    List<PatroniMember> members;
    try {
      members = rest.members();
    } catch (IOException e) {
      throw new SettingsException(SETTING, "Trigger " + kind + " cannot read the Patroni REST API"
          + " at " + rest.restUrls() + " (" + e.getMessage() + "). Check that Patroni runs and"
          + " that the REST URLs point at its restapi listen address.", e);
    }
    PatroniMember leader = members.stream()
        .filter(m -> m.isLeader() && m.isRunning())
        .findFirst()
        .orElseThrow(() -> new SettingsException(SETTING, "Trigger " + kind + " found no running"
            + " leader in the Patroni cluster " + describe(members) + ". Wait until the cluster"
            + " has a primary before starting the run."));
    // The healthiest replica: running, promotable, least lag (unknown lag sorts last).
    PatroniMember candidate = members.stream()
        .filter(PatroniMember::isPromotableReplica)
        .min(Comparator.comparingLong(m -> m.lagBytes() < 0 ? Long.MAX_VALUE : m.lagBytes()))
        .orElseThrow(() -> new SettingsException(SETTING, "Trigger " + kind + " found no healthy"
            + " replica to fail over to in the Patroni cluster " + describe(members) + ". A"
            + " failover needs at least one running replica without the nofailover tag."));
    return new Before(leader, candidate);
  }

  /**
   * Polls {@code /cluster} every {@value #POLL_MS} ms until a running leader other than {@code
   * oldLeader} appears. Read errors count as "not yet" (members are going down on purpose).
   * {@code onTick} runs once per poll, so a caller can emit events from its own thread.
   */
  static PatroniMember awaitNewLeader(
      PatroniRest rest, String oldLeader, long deadlineNanos, Runnable onTick)
      throws TimeoutException, InterruptedIOException {
    String lastSeen = oldLeader;
    while (true) {
      onTick.run();
      Optional<PatroniMember> leader = readLeader(rest);
      if (leader.isPresent()) {
        lastSeen = leader.get().name();
        if (!lastSeen.equals(oldLeader)) {
          return leader.get();
        }
      }
      if (System.nanoTime() - deadlineNanos >= 0) {
        throw new TimeoutException("no new primary before the deadline: the running leader is"
            + " still " + lastSeen);
      }
      sleep(POLL_MS);
    }
  }

  /**
   * Waits (until the deadline) for {@code leader} to report a timeline above {@code oldTimeline},
   * and emits it as a {@code timeline} event. Emits nothing when the deadline passes first.
   */
  static void awaitTimeline(PatroniRest rest, String leader, int oldTimeline, long deadlineNanos,
      Consumer<FailoverEvent> events) throws InterruptedIOException {
    while (System.nanoTime() - deadlineNanos < 0) {
      Optional<PatroniMember> current = readLeader(rest);
      if (current.isPresent() && current.get().name().equals(leader)
          && current.get().timeline() > oldTimeline) {
        events.accept(FailoverEvent.now("timeline",
            current.get().timeline() + " (was " + oldTimeline + ") on " + leader));
        return;
      }
      sleep(POLL_MS);
    }
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

  private static Optional<PatroniMember> readLeader(PatroniRest rest)
      throws InterruptedIOException {
    try {
      return rest.runningLeader();
    } catch (InterruptedIOException e) {
      throw e;
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static void sleep(long ms) throws InterruptedIOException {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while watching the failover");
    }
  }
}
