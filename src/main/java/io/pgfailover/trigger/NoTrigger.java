package io.pgfailover.trigger;

import io.pgfailover.config.TriggerKind;
import io.pgfailover.record.EventName;
import io.pgfailover.record.FailoverEvent;
import java.time.Duration;
import java.util.function.Consumer;

/** A run without a fault: a baseline. Emits one {@code no-fault} event when fired. */
public final class NoTrigger implements Trigger {
  @Override
  public String kind() {
    return TriggerKind.NONE.label();
  }

  @Override
  public void preflight() {}

  @Override
  public void fire(Consumer<FailoverEvent> events, Duration deadline) {
    events.accept(FailoverEvent.now(EventName.NO_FAULT, "baseline run, nothing was triggered"));
  }
}
