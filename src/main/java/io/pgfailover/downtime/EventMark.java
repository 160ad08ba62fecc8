package io.pgfailover.downtime;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.pgfailover.record.FailoverEvent;

/** A timeline event as the report shows it: name, epoch µs (and ms in JSON), detail. */
public record EventMark(String name, long epochMicros, String detail) {
  static EventMark of(FailoverEvent event) {
    return new EventMark(event.name(), event.atMicros(), event.detail());
  }

  @JsonProperty("epochMs")
  public long epochMs() {
    return Math.floorDiv(epochMicros, 1000L);
  }
}
