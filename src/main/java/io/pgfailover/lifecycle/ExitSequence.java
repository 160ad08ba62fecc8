package io.pgfailover.lifecycle;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one JVM shutdown hook of the tool: what has to happen when the JVM exits (a normal end,
 * Ctrl-C, SIGTERM) runs here in a fixed order of {@link Step}s. The JVM runs separate hooks at
 * once, in no order, so a run's own hooks could analyse a recording still being closed, or stop a
 * lab a fault still held frozen.
 *
 * <p>Each part registers what it owns at its step, and withdraws it when it has done it itself (a
 * thaw in the trigger's {@code finally}, a lab stopped at the run's end). An action that fails is
 * logged and the sequence goes on.
 */
public final class ExitSequence {
  private static final Logger LOG = LoggerFactory.getLogger(ExitSequence.class);

  /** The steps, in the order they run. */
  public enum Step {
    /** Stop the load, so that nothing more is recorded. */
    STOP_LOAD,
    /** Close the recording: every record on disk. */
    CLOSE_RECORDING,
    /** Undo the faults: thaw what is frozen, restart what was killed (a lab left running). */
    HEAL,
    /** Stop a lab this JVM started for itself. */
    STOP_LAB,
    /** Analyse and write the report. */
    REPORT,
    /** Set the exit status (last: it may halt the JVM). */
    EXIT_STATUS
  }

  /** A registered action; {@link #close()} withdraws it. */
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }

  private static final Map<Step, List<Entry>> ACTIONS = new EnumMap<>(Step.class);
  private static boolean hookInstalled;

  /** The ordinal of the last step the exit sequence took, -1 before the JVM exits. */
  private static int lastTaken = -1;

  private record Entry(String name, Runnable action) {}

  private ExitSequence() {}

  /**
   * Runs {@code action} at {@code step} when the JVM exits, unless withdrawn first. While the JVM
   * exits, an action for a step still to come is taken too (a run finishing during an interrupt
   * registers its report); one for a step already run is not.
   */
  public static synchronized Registration at(Step step, String name, Runnable action) {
    Entry entry = new Entry(name, action);
    if (step.ordinal() <= lastTaken) {
      LOG.warn("exit: '{}' registered after its step {} ran; it does not run", name, step);
      return () -> {};
    }
    ACTIONS.computeIfAbsent(step, s -> new ArrayList<>()).add(entry);
    if (!hookInstalled) {
      Runtime.getRuntime().addShutdownHook(new Thread(ExitSequence::run, "pgfailover-exit"));
      hookInstalled = true;
    }
    return () -> withdraw(step, entry);
  }

  private static synchronized void withdraw(Step step, Entry entry) {
    List<Entry> entries = ACTIONS.get(step);
    if (entries != null) {
      entries.remove(entry);
    }
  }

  private static synchronized List<Entry> take(Step step) {
    lastTaken = step.ordinal();
    List<Entry> entries = ACTIONS.remove(step);
    return entries == null ? List.of() : entries;
  }

  private static void run() {
    for (Step step : Step.values()) {
      for (Entry e : take(step)) {
        try {
          e.action().run();
        } catch (Throwable ex) {
          // an Error too: the steps after it (a thaw, the exit status) must still run
          LOG.error("exit: {} ({}) failed: {}", e.name(), step, ex.toString(), ex);
        }
      }
    }
  }
}
