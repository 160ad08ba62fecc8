package io.pgfailover.run;

import io.pgfailover.config.RunSettings;
import io.pgfailover.record.EventName;
import io.pgfailover.record.FailoverEvent;
import io.pgfailover.record.Recorder;
import io.pgfailover.trigger.Trigger;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives the phases of a run on its own thread ({@value #THREAD}): warm-up, then each failover of
 * the schedule (one, a series of the same trigger, or a fault matrix), each followed by load until
 * every endpoint is back, and between failovers a heal of the cluster and a settle time; then a
 * tail, and finally tells the virtual users to stop. Every phase change is a timeline event. The
 * load phase is capped by {@code maxDuration} per failover, so a path that never recovers cannot
 * keep a run alive.
 */
final class RunControl {
  private static final Logger LOG = LoggerFactory.getLogger(RunControl.class);
  static final String THREAD = "failover-run-control";
  private static final long POLL_MS = 50;
  private static final long PROGRESS_MICROS = 5_000_000;

  /** Brings the cluster back to full health after a fault; returns false if it did not settle. */
  @FunctionalInterface
  interface ClusterHealer {
    boolean heal(Duration deadline);
  }

  private final RunSettings run;
  private final List<Trigger> schedule;
  private final ClusterHealer healer;
  private final Recorder recorder;
  private final List<Integer> endpointIds;
  private final List<String> endpointNames;
  private volatile boolean loadRunning = true;
  private volatile String phase = "starting";
  private Thread thread;
  private long startMicros;
  private final PhaseClock clock;

  /**
   * @param schedule the failovers, in order; empty for a baseline run without a fault
   * @param healer how to heal the cluster between failovers, or null when it cannot be healed
   */
  RunControl(
      RunSettings run,
      List<Trigger> schedule,
      ClusterHealer healer,
      Recorder recorder,
      List<Integer> endpointIds,
      List<String> endpointNames) {
    this(run, schedule, healer, recorder, endpointIds, endpointNames, PhaseClock.REAL);
  }

  /** With the clock the phases are timed and waited in (a test's, which sleeps in no time). */
  RunControl(
      RunSettings run,
      List<Trigger> schedule,
      ClusterHealer healer,
      Recorder recorder,
      List<Integer> endpointIds,
      List<String> endpointNames,
      PhaseClock clock) {
    this.clock = clock;
    this.run = run;
    this.schedule = List.copyOf(schedule);
    this.healer = healer;
    this.recorder = recorder;
    this.endpointIds = endpointIds;
    this.endpointNames = endpointNames;
  }

  /** The virtual users loop while this is true. */
  boolean loadRunning() {
    return loadRunning;
  }

  void start() {
    startMicros = clock.nowMicros();
    thread = new Thread(this::drive, THREAD);
    thread.setDaemon(true);
    thread.start();
  }

  /** Stops the load now (interrupt, error) and waits briefly for the control thread. */
  void stop() {
    loadRunning = false;
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void drive() {
    try {
      event(EventName.LOAD_START, "virtual users started");
      phase = "warm-up";
      sleepWithProgress(run.warmUp());
      event(EventName.MEASURE_START, "warm-up over");
      if (schedule.isEmpty()) {
        phase = "baseline";
        sleepWithProgress(run.baselineDuration());
      } else {
        phase = "before trigger";
        sleepWithProgress(run.triggerAfter());
        for (int i = 0; i < schedule.size(); i++) {
          failover(i + 1, schedule.get(i));
          if (i + 1 < schedule.size()) {
            phase = "settle";
            sleepWithProgress(run.settle());
          }
        }
        phase = "tail";
        sleepWithProgress(run.tail());
      }
      event(EventName.LOAD_STOP, "measured phase over");
    } catch (InterruptedException e) {
      event(EventName.LOAD_STOP, "interrupted");
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      LOG.error("run control failed: {}", e.toString(), e);
      event(EventName.LOAD_STOP, "run control failed: " + e);
    } finally {
      loadRunning = false;
    }
  }

  private void failover(int n, Trigger trigger) throws InterruptedException {
    if (schedule.size() > 1) {
      LOG.info("failover {} of {}: {}", n, schedule.size(), trigger.kind());
    }
    recorder.event(FailoverEvent.now(EventName.FAILOVER_START, n, trigger.kind()));
    phase = "failover " + n;
    fireTrigger(trigger);
    phase = "recovering " + n;
    awaitRecovery();
    if (healer != null) {
      phase = "healing " + n;
      long t0 = clock.nowMicros();
      if (healer.heal(run.triggerDeadline())) {
        recorder.event(FailoverEvent.now(EventName.CLUSTER_SETTLED, n, ""));
        LOG.info(
            "cluster healthy again after failover {} ({} ms)", n, (clock.nowMicros() - t0) / 1000);
      } else {
        recorder.event(
            FailoverEvent.now(
                EventName.CLUSTER_NOT_SETTLED,
                n,
                "the cluster did not"
                    + " heal within "
                    + run.triggerDeadline().toSeconds()
                    + " s"));
      }
    }
  }

  private void fireTrigger(Trigger trigger) throws InterruptedException {
    LOG.info("trigger {}: firing", trigger.kind());
    long before = clock.nowMicros();
    // A fault can hold for tens of seconds (a partition, a DCS outage): the progress line goes on
    // from a thread of its own, as triggers report from the calling thread.
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "progress-during-trigger");
              t.setDaemon(true);
              return t;
            });
    ticker.scheduleAtFixedRate(
        this::progress, PROGRESS_MICROS, PROGRESS_MICROS, TimeUnit.MICROSECONDS);
    try {
      trigger.fire(this::triggerEvent, run.triggerDeadline());
      LOG.info("trigger {}: done in {} ms", trigger.kind(), (clock.nowMicros() - before) / 1000);
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      LOG.error("trigger {} failed: {}", trigger.kind(), e.toString());
      event(EventName.TRIGGER_FAILED, e.toString());
    } finally {
      ticker.shutdownNow();
    }
  }

  private void triggerEvent(FailoverEvent e) {
    recorder.event(e);
    LOG.info("trigger: {} {}", e.name(), e.detail());
  }

  /**
   * Waits until, on each endpoint, the latest success of the probe and of the workload (each that
   * runs) is newer than the trigger and than its own last failure: the probe alone comes back
   * first, the pool up to seconds later, and the tail must follow both.
   */
  private void awaitRecovery() throws InterruptedException {
    long firedMicros = clock.nowMicros();
    boolean[] recovered = new boolean[endpointIds.size()];
    int left = recovered.length;
    long nextProgress = clock.nowMicros() + PROGRESS_MICROS;
    while (left > 0 && !capReached()) {
      if (clock.nowMicros() >= nextProgress) {
        progress(); // recovery can take as long as the slowest client timeout
        nextProgress += PROGRESS_MICROS;
      }
      for (int i = 0; i < recovered.length; i++) {
        int id = endpointIds.get(i);
        if (!recovered[i] && serving(id, true, firedMicros) && serving(id, false, firedMicros)) {
          recovered[i] = true;
          left--;
          LOG.info("[{}] serving again", endpointNames.get(i));
        }
      }
      clock.sleepMillis(POLL_MS);
    }
    if (left > 0) {
      event(
          EventName.RECOVERY_TIMEOUT,
          "not every endpoint recovered within failover.run.max-duration");
    } else {
      event(EventName.ALL_RECOVERED, "every endpoint is serving again");
    }
  }

  /** The probe's or the workload's latest request succeeded after the trigger (or it runs none). */
  private boolean serving(int endpoint, boolean probe, long firedMicros) {
    if (recorder.count(endpoint, probe) == 0) {
      return true;
    }
    long lastOk = recorder.lastOkEndMicros(endpoint, probe);
    return lastOk > firedMicros && lastOk > recorder.lastKoEndMicros(endpoint, probe);
  }

  private boolean capReached() {
    long capMicros = run.maxDuration().toNanos() / 1000 * Math.max(1, schedule.size());
    return clock.nowMicros() - startMicros >= capMicros;
  }

  private void sleepWithProgress(Duration d) throws InterruptedException {
    long endMicros = clock.nowMicros() + d.toNanos() / 1000;
    long nextProgress = clock.nowMicros() + PROGRESS_MICROS;
    while (clock.nowMicros() < endMicros && !capReached()) {
      clock.sleepMillis(Math.min(POLL_MS, Math.max(1, (endMicros - clock.nowMicros()) / 1000)));
      if (clock.nowMicros() >= nextProgress) {
        progress();
        nextProgress += PROGRESS_MICROS;
      }
    }
  }

  private void progress() {
    StringBuilder line = new StringBuilder();
    line.append(String.format("t+%4.0fs %-14s", (clock.nowMicros() - startMicros) / 1e6, phase));
    for (int i = 0; i < endpointIds.size(); i++) {
      int id = endpointIds.get(i);
      line.append(" | ")
          .append(endpointNames.get(i))
          .append(" ok ")
          .append(recorder.okCount(id))
          .append(" ko ")
          .append(recorder.koCount(id));
    }
    LOG.info("{}", line);
  }

  private void event(EventName name, String detail) {
    recorder.event(FailoverEvent.now(name, detail));
  }
}
