package io.pgfailover.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgfailover.config.RunSettings;
import io.pgfailover.record.ErrorClass;
import io.pgfailover.record.EventName;
import io.pgfailover.record.FailoverEvent;
import io.pgfailover.record.OperationKind;
import io.pgfailover.record.Recorder;
import io.pgfailover.record.Recording;
import io.pgfailover.record.RunClock;
import io.pgfailover.trigger.Trigger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run control's phase machine on a real recorder, without a database: the default phases of a
 * real run (minutes) on a clock whose sleeps advance it at once, a trigger that only says it was
 * asked, and requests recorded by the test, on that clock, as the endpoint's load would. Checks the
 * timeline each kind of run leaves, and when on the clock the run ended.
 */
class RunControlTest {
  /** Sleeps in no time: each sleep advances the clock (and yields the CPU for a quarter ms). */
  static final class VirtualClock implements PhaseClock {
    private final AtomicLong now = new AtomicLong(RunClock.nowMicros());

    @Override
    public long nowMicros() {
      return now.get();
    }

    @Override
    public void sleepMillis(long millis) {
      now.addAndGet(millis * 1000);
      LockSupport.parkNanos(250_000);
    }
  }

  private final VirtualClock clock = new VirtualClock();

  /** failover.run's defaults: warm-up 10 s, 20 s before the trigger, tail 15 s, settle 15 s. */
  private static RunSettings phases(Duration maxDuration) {
    return new RunSettings(
        Duration.ofSeconds(10),
        Duration.ofSeconds(20),
        Duration.ofSeconds(15),
        maxDuration,
        Duration.ofSeconds(15),
        Duration.ofSeconds(40),
        Duration.ofSeconds(60));
  }

  /** Says it was asked, round after round; a real trigger would also break the endpoint. */
  private static final class AskingTrigger implements Trigger {
    final AtomicInteger fired = new AtomicInteger();

    @Override
    public String kind() {
      return "test-fault";
    }

    @Override
    public void preflight() {}

    @Override
    public void fire(Consumer<FailoverEvent> events, Duration deadline) {
      fired.incrementAndGet();
      events.accept(FailoverEvent.now(EventName.ASKED, "fault " + fired.get()));
    }
  }

  /** The endpoint's probe and workload, both succeeding every 5 ms until stopped. */
  private Thread servingLoad(Recorder recorder, int endpoint, RunControl control) {
    int probe = recorder.operation("heartbeat", "beat", OperationKind.WRITE);
    recorder.markProbe(probe);
    int read = recorder.operation("business", "read", OperationKind.READ);
    Thread load =
        new Thread(
            () -> {
              while (control.loadRunning()) {
                long now = clock.nowMicros();
                recorder.record(endpoint, probe, now - 100, now, ErrorClass.NONE, 0, 0);
                recorder.record(endpoint, read, now - 100, now, ErrorClass.NONE, 0, 0);
                try {
                  Thread.sleep(5);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    load.start();
    return load;
  }

  private static List<String> names(Path dir) throws Exception {
    List<String> names = new ArrayList<>();
    for (FailoverEvent e : Recording.read(dir).events()) {
      names.add(e.name() + (e.round() > 0 ? "#" + e.round() : ""));
    }
    return names;
  }

  private static void awaitEnd(RunControl control) throws InterruptedException {
    for (int i = 0; i < 800 && control.loadRunning(); i++) {
      Thread.sleep(25);
    }
    assertFalse(control.loadRunning(), "the run control never stopped the load");
  }

  @Test
  void aBaselineRunIsWarmUpThenTheBaseline(@TempDir Path dir) throws Exception {
    long startMicros = clock.nowMicros();
    Recorder recorder = Recorder.open(dir);
    int e = recorder.endpoint("direct", "writer");
    RunControl control =
        new RunControl(
            phases(Duration.ofSeconds(180)),
            List.of(),
            null,
            recorder,
            List.of(e),
            List.of("direct"),
            clock);
    control.start();
    awaitEnd(control);
    control.stop();
    recorder.close();
    assertEquals(List.of("load-start", "measure-start", "load-stop"), names(dir));
    long tookMs = (clock.nowMicros() - startMicros) / 1000;
    assertTrue(tookMs >= 50_000 && tookMs < 50_200, "warm-up 10 s + baseline 40 s: " + tookMs);
  }

  @Test
  void aSeriesHealsAndSettlesBetweenItsFailoversAndNumbersThem(@TempDir Path dir) throws Exception {
    Recorder recorder = Recorder.open(dir);
    int e = recorder.endpoint("direct", "writer");
    AskingTrigger trigger = new AskingTrigger();
    AtomicInteger heals = new AtomicInteger();
    RunControl control =
        new RunControl(
            phases(Duration.ofSeconds(180)),
            List.of(trigger, trigger),
            deadline -> heals.incrementAndGet() > 0,
            recorder,
            List.of(e),
            List.of("direct"),
            clock);
    Thread load = servingLoad(recorder, e, control);
    control.start();
    awaitEnd(control);
    control.stop();
    load.join();
    recorder.close();
    assertEquals(
        List.of(
            "load-start",
            "measure-start",
            "failover-start#1",
            "asked",
            "all-recovered",
            "cluster-settled#1",
            "failover-start#2",
            "asked",
            "all-recovered",
            "cluster-settled#2",
            "load-stop"),
        names(dir));
    assertEquals(2, trigger.fired.get());
    assertEquals(2, heals.get());
    FailoverEvent start = Recording.read(dir).events().get(2);
    assertEquals("test-fault", start.detail(), "the round's kind");
  }

  @Test
  void anEndpointThatNeverComesBackIsCutOffByTheCap(@TempDir Path dir) throws Exception {
    Recorder recorder = Recorder.open(dir);
    int e = recorder.endpoint("direct", "writer");
    int probe = recorder.operation("heartbeat", "beat", OperationKind.WRITE);
    recorder.markProbe(probe);
    long before = clock.nowMicros();
    recorder.record(e, probe, before - 100, before, ErrorClass.CONNECTION_LOST, 0, 0);
    Duration cap = Duration.ofSeconds(180); // failover.run.max-duration's default
    RunControl control =
        new RunControl(
            phases(cap),
            List.of(new AskingTrigger()),
            null,
            recorder,
            List.of(e),
            List.of("direct"),
            clock);
    long startMicros = clock.nowMicros();
    control.start();
    awaitEnd(control);
    long endedAfterMs = (clock.nowMicros() - startMicros) / 1000;
    control.stop();
    recorder.close();
    List<String> names = names(dir);
    assertEquals(
        List.of(
            "load-start",
            "measure-start",
            "failover-start#1",
            "asked",
            "recovery-timeout",
            "load-stop"),
        names);
    // the cap ends the recovery wait and the tail alike: the run is over at 180 s on its clock
    assertTrue(
        endedAfterMs >= 180_000 && endedAfterMs < 180_200,
        "the cap of " + cap + " ended the run at " + endedAfterMs + " ms");
  }
}
