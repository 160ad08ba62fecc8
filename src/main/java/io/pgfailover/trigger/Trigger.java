package io.pgfailover.trigger;

import io.pgfailover.record.FailoverEvent;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * What causes the failover. Each trigger owns its clients and closes them.
 *
 * <p>Contract: {@link #preflight()} runs before any load and throws {@link
 * io.pgfailover.config.SettingsException} when the trigger cannot act on the target. {@link #fire}
 * emits at least {@code asked}, and {@code returned} when it makes a call (not {@code manual}),
 * plus {@code new-primary-seen} (or {@code primary-restarted}, {@code change-seen}) when it can
 * observe the cluster, through the sink as they happen and from the calling thread, so a trigger
 * that fails half-way still leaves its timestamps on the timeline.
 */
public interface Trigger extends AutoCloseable {
  /** The configured kind, e.g. "patroni-switchover". */
  String kind();

  /** Checks that the trigger can act on the target, before load starts. */
  void preflight();

  /** Causes the failover; returns when the new primary is in place or {@code deadline} passed. */
  void fire(Consumer<FailoverEvent> events, Duration deadline) throws Exception;

  @Override
  default void close() {}
}
