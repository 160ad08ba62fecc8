package io.pgfailover.downtime;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.pgfailover.record.FailoverEvent;
import org.jspecify.annotations.Nullable;

/**
 * A timeline event as the report shows it: name, epoch µs (and ms in JSON), detail, and the
 * failover round it belongs to (null for none).
 */
public record EventMark(String name, long epochMicros, String detail, @Nullable Integer round) {
  static EventMark of(FailoverEvent event) {
    return new EventMark(
        event.name(), event.atMicros(), event.detail(), event.round() > 0 ? event.round() : null);
  }

  /** The detail with its round in front, as the page labels it: "#2 kill-primary". */
  public String labelled() {
    return round == null ? detail : ("#" + round + " " + detail).trim();
  }

  @JsonProperty("epochMs")
  public long epochMs() {
    return Math.floorDiv(epochMicros, 1000L);
  }
}
