package io.pgfailover.lab;

import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thing the lab waits for, with a deadline: a port answering, Patroni showing a leader and
 * streaming replicas, a JDBC query reaching the primary. The probe is polled every 50 ms; the
 * processes it depends on are watched, so a crashed one fails the wait at once, not at the
 * deadline. On failure the tail of their logs is logged and the exception names what was awaited.
 */
final class ReadinessCheck {
  private static final Logger LOG = LoggerFactory.getLogger(ReadinessCheck.class);
  private static final long POLL_MS = 50;
  private static final int TAIL_LINES = 30;

  /** One look at the thing awaited. */
  @FunctionalInterface
  interface Probe {
    /** Null when ready, else why not yet (shown if the deadline passes). */
    String notReadyReason() throws Exception;
  }

  private final String awaited;
  private final Probe probe;
  private final List<LabProcess> watched;

  private ReadinessCheck(String awaited, Probe probe, List<LabProcess> watched) {
    this.awaited = awaited;
    this.probe = probe;
    this.watched = watched;
  }

  static ReadinessCheck of(String awaited, Probe probe, List<LabProcess> watched) {
    return new ReadinessCheck(awaited, probe, List.copyOf(watched));
  }

  /** Waits until ready; returns how long it took. */
  Duration await(Duration timeout) throws InterruptedIOException {
    long startNanos = System.nanoTime();
    long deadlineNanos = startNanos + timeout.toNanos();
    String reason = "not checked yet";
    while (true) {
      try {
        reason = probe.notReadyReason();
      } catch (InterruptedIOException e) {
        throw e;
      } catch (Exception e) {
        reason = e.getClass().getSimpleName() + ": " + e.getMessage();
      }
      if (reason == null) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
      }
      for (LabProcess process : watched) {
        if (!process.isAlive()) {
          throw failure(process.name() + " exited while waiting for " + awaited, List.of(process));
        }
      }
      if (System.nanoTime() - deadlineNanos >= 0) {
        throw failure(
            "timed out after "
                + timeout.toMillis()
                + " ms waiting for "
                + awaited
                + "; last check: "
                + reason,
            watched);
      }
      LabSignals.sleepMs(POLL_MS);
    }
  }

  private LabException failure(String message, List<LabProcess> logs) {
    for (LabProcess process : logs) {
      LOG.warn("lab: last lines of {}:\n{}", process.logFile(), process.logTail(TAIL_LINES));
    }
    return new LabException("lab: " + message);
  }
}
