package io.pgfailover.downtime;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.pgfailover.record.ErrorClass;
import org.jspecify.annotations.Nullable;

/**
 * Where a workload window's extra time went, against the path (issue 9): when the path probe was
 * served again, when the pool handed out the connection that ended the window, and how long the
 * workload's requests waited for connections after the path was already back. Immutable.
 *
 * <p>Times relative to the trigger are in ms after its {@code asked} (null without a trigger).
 *
 * @param pathBackEpochMicros end of the path window that overlaps this one: the path served again;
 *     null when the path had no window then (it was up throughout)
 * @param pathBackMs the same after asked
 * @param behindPathMs this window's end minus the path's return: the time the workload stayed down
 *     while the path was up (negative when the workload came back first)
 * @param poolConnectedEpochMicros when the request whose success ended this window got its
 *     connection; null when not recorded
 * @param poolConnectedMs the same after asked
 * @param poolWaitAfterPathBackMs the time, after the path was back (or after the window began, when
 *     the path had no window), during which at least one workload request was waiting for a
 *     connection: the pool's share of {@code behindPathMs}
 * @param poolTimeouts requests of this window that failed with {@link ErrorClass#POOL_TIMEOUT}
 * @param poolTimeoutsAfterPathBack those of them that failed after the path was back
 */
@JsonPropertyOrder({
  "pathBackMs",
  "poolConnectedMs",
  "behindPathMs",
  "poolWaitAfterPathBackMs",
  "poolTimeouts",
  "poolTimeoutsAfterPathBack",
  "pathBackEpochMs",
  "poolConnectedEpochMs"
})
public record PoolWait(
    @Nullable Long pathBackEpochMicros,
    @Nullable Double pathBackMs,
    @Nullable Double behindPathMs,
    @Nullable Long poolConnectedEpochMicros,
    @Nullable Double poolConnectedMs,
    double poolWaitAfterPathBackMs,
    long poolTimeouts,
    long poolTimeoutsAfterPathBack) {

  @JsonProperty("pathBackEpochMs")
  public @Nullable Long pathBackEpochMs() {
    return pathBackEpochMicros == null ? null : Math.floorDiv(pathBackEpochMicros, 1000L);
  }

  @JsonProperty("poolConnectedEpochMs")
  public @Nullable Long poolConnectedEpochMs() {
    return poolConnectedEpochMicros == null ? null : Math.floorDiv(poolConnectedEpochMicros, 1000L);
  }

  @JsonIgnore
  public boolean pathWasDown() {
    return pathBackEpochMicros != null;
  }
}
