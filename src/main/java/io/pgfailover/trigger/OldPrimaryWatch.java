package io.pgfailover.trigger;

import io.pgfailover.patroni.PatroniMember;
import io.pgfailover.patroni.PatroniRest;
import io.pgfailover.record.EventName;
import io.pgfailover.record.FailoverEvent;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Follows a deposed primary after its fault ends (a thaw, a healed partition): demoted, then
 * rejoined as a streaming replica. Or the other outcome, seen on the lab (Patroni 3.0.2, etcd3):
 * the thawed node takes the leader key back, and the new primary is demoted and rewound, so what it
 * acknowledged meanwhile is lost. Patroni 3.1.0 fixed that race (patroni/patroni#2787).
 */
final class OldPrimaryWatch {
  private final PatroniRest rest;
  private final String victim;
  private final String newLeader;
  private final List<String> states = new ArrayList<>();

  OldPrimaryWatch(PatroniRest rest, String victim, String newLeader) {
    this.rest = rest;
    this.victim = victim;
    this.newLeader = newLeader;
  }

  void follow(long deadlineNanos, Consumer<FailoverEvent> events) throws InterruptedIOException {
    boolean demoted = false;
    while (System.nanoTime() - deadlineNanos < 0) {
      try {
        List<PatroniMember> members = rest.members();
        Optional<PatroniMember> old =
            members.stream().filter(m -> m.name().equals(victim)).findFirst();
        if (old.isPresent()) {
          note(old.get());
          if (!demoted && !old.get().isLeader()) {
            demoted = true;
            events.accept(
                FailoverEvent.now(
                    EventName.OLD_PRIMARY_DEMOTED,
                    victim + " is " + old.get().role() + " (" + old.get().state() + ")"));
          }
          Optional<PatroniMember> now = FailoverWatch.runningLeader(members);
          if (!demoted && now.isPresent() && now.get().name().equals(victim)) {
            events.accept(
                FailoverEvent.now(
                    EventName.OLD_PRIMARY_RETOOK_LEADERSHIP,
                    victim
                        + " holds the leader key again after the fault ended; "
                        + newLeader
                        + " (promoted "
                        + "during the fault) is demoted: what it acknowledged may be lost"));
            return;
          }
          if (demoted
              && old.get().isRunning()
              && now.isPresent()
              && rest.streamingReplicas(now.get()).contains(victim)) {
            events.accept(
                FailoverEvent.now(
                    EventName.OLD_PRIMARY_REJOINED,
                    victim
                        + " streams from "
                        + now.get().name()
                        + " on timeline "
                        + old.get().timeline()
                        + "; states seen: "
                        + String.join(" > ", states)));
            return;
          }
        }
      } catch (InterruptedIOException e) {
        throw e;
      } catch (IOException e) {
        // members restart on purpose; the next poll will tell
      }
      FailoverWatch.sleep(FailoverWatch.POLL_MS);
    }
  }

  /** Keeps the distinct role/state steps the old primary went through (a rewind shows here). */
  private void note(PatroniMember m) {
    String step = m.role() + "/" + m.state();
    if (states.isEmpty() || !states.get(states.size() - 1).equals(step)) {
      states.add(step);
    }
  }
}
