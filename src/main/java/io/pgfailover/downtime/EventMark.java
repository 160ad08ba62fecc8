package io.pgfailover.downtime;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.pgfailover.record.FailoverEvent;
import org.jspecify.annotations.Nullable;

/**
 * A timeline event as the report shows it: name, epoch µs (and ms in JSON), detail, and the
 * failover round it belongs to (null for none). An event of a round shows its round in front of the
 * detail ("#2 kill-primary", "#2"), as the report always has.
 */
public record EventMark(String name, long epochMicros, String detail, @Nullable Integer round) {
  static EventMark of(FailoverEvent event) {
    if (event.round() <= 0) {
      return new EventMark(event.name(), event.atMicros(), event.detail(), null);
    }
    String detail = ("#" + event.round() + " " + event.detail()).trim();
    return new EventMark(event.name(), event.atMicros(), detail, event.round());
  }

  @JsonProperty("epochMs")
  public long epochMs() {
    return Math.floorDiv(epochMicros, 1000L);
  }
}
