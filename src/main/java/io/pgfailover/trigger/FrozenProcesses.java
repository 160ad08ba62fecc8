package io.pgfailover.trigger;

import io.pgfailover.lifecycle.ExitSequence;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes stopped with SIGSTOP, which must get SIGCONT whatever happens: {@link #thaw()} is
 * idempotent, called by the trigger in {@code finally}, and at the exit sequence's heal step in
 * case the run is interrupted (Ctrl-C) while the node is frozen. A node left stopped would hang the
 * cluster's clients and the next lab start.
 */
final class FrozenProcesses implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FrozenProcesses.class);
  private static final int MAX_ROUNDS = 5;

  private final List<Long> roots;
  private final Set<Long> stopped = new LinkedHashSet<>();
  private final AtomicBoolean thawed = new AtomicBoolean();
  private ExitSequence.Registration atExit = () -> {};

  private FrozenProcesses(List<Long> roots) {
    this.roots = List.copyOf(roots);
  }

  /**
   * Stops the roots first (so the postmaster forks no new backend), then their descendants, again
   * until no new one appears. The thaw at exit is registered before the first SIGSTOP.
   */
  static FrozenProcesses freeze(List<Long> roots) throws IOException {
    FrozenProcesses frozen = new FrozenProcesses(roots);
    frozen.atExit = ExitSequence.at(ExitSequence.Step.HEAL, "thaw " + roots, frozen::thawQuietly);
    try {
      frozen.stop(roots);
      for (int round = 0; round < MAX_ROUNDS; round++) {
        List<Long> fresh = new ArrayList<>(LocalSignals.tree(roots));
        fresh.removeAll(frozen.stopped);
        if (fresh.isEmpty()) {
          break;
        }
        frozen.stop(fresh);
      }
    } catch (IOException | RuntimeException e) {
      frozen.close();
      throw e;
    }
    return frozen;
  }

  private synchronized void stop(List<Long> pids) throws IOException {
    stopped.addAll(pids); // first, so a failing kill still gets its SIGCONT
    LocalSignals.send("STOP", pids);
  }

  /** How many processes are stopped. */
  synchronized int size() {
    return stopped.size();
  }

  List<Long> roots() {
    return roots;
  }

  /** SIGCONT to every stopped process, once; returns how many were sent the signal. */
  int thaw() throws IOException {
    if (!thawed.compareAndSet(false, true)) {
      return 0;
    }
    List<Long> pids;
    synchronized (this) {
      pids = new ArrayList<>(stopped);
    }
    try {
      LocalSignals.send("CONT", pids);
    } finally {
      atExit.close();
    }
    return pids.size();
  }

  private void thawQuietly() {
    try {
      if (thaw() > 0) {
        LOG.warn("freeze-primary: sent SIGCONT to the frozen processes of {} (cleanup)", roots);
      }
    } catch (IOException e) {
      LOG.error(
          "freeze-primary: could not send SIGCONT to {}: {}; run `kill -CONT` on them",
          roots,
          e.getMessage());
    }
  }

  @Override
  public void close() {
    thawQuietly();
  }
}
