package io.pgfailover.downtime;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.pgfailover.record.ErrorClass;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One interval in which an endpoint completed no request successfully (DESIGN.md section 2). Times
 * are {@link io.pgfailover.record.RunClock} epoch microseconds; JSON adds millisecond views.
 *
 * <p>{@code start} is the completion of the last success before the outage ({@code a}) and {@code
 * end} the completion of the first success after it ({@code b}). Two edge cases are flagged: a run
 * that begins with failures has no {@code a}, so the window starts at the endpoint's first request
 * start ({@code openStart}); an endpoint that never succeeds again has no {@code b}, so the window
 * ends at its last failed completion ({@code openEnd}) and has no recovery time.
 *
 * @param failedByKind failures by operation kind label (read, write, transaction)
 * @param failedByOperation failures by "workload/operation"
 * @param firstFailureEpochMicros completion of the first failure after {@code a}, null in a stall
 * @param detectionMs first failure minus the trigger's {@code asked} event, null without either
 * @param detectionAfterStartMs first failure minus {@code a}, null in a stall
 * @param recoveryMs {@code b} minus the trigger's {@code asked}, null without trigger or {@code b}
 * @param triggerAskedEpochMicros the {@code asked} event these are relative to: the last one at or
 *     before {@code b}
 * @param events trigger and cluster events between {@code a} and {@code b}
 * @param kind outage or stall (see {@link WindowKind}); decided once the figure's windows and the
 *     rounds are known
 * @param poolWait for a workload window, where its time went against the path; null otherwise
 * @param timeouts the failed requests that a client timeout ended, by setting (see {@link
 *     TimeoutWait}); empty when none did
 */
@JsonPropertyOrder({
  "startEpochMs",
  "endEpochMs",
  "durationMs",
  "kind",
  "failedRequests",
  "detectionMs",
  "recoveryMs",
  "poolWait",
  "timeouts"
})
public record DowntimeWindow(
    long startEpochMicros,
    long endEpochMicros,
    boolean openStart,
    boolean openEnd,
    long failedRequests,
    Map<ErrorClass, Long> failedByClass,
    Map<String, Long> failedByKind,
    Map<String, Long> failedByOperation,
    @Nullable Long firstFailureEpochMicros,
    @Nullable Double detectionMs,
    @Nullable Double detectionAfterStartMs,
    @Nullable Double recoveryMs,
    @Nullable Long triggerAskedEpochMicros,
    List<EventMark> events,
    WindowKind kind,
    @Nullable PoolWait poolWait,
    List<TimeoutWait> timeouts) {

  public DowntimeWindow {
    failedByClass = Maps.frozen(failedByClass);
    failedByKind = Maps.frozen(failedByKind);
    failedByOperation = Maps.frozen(failedByOperation);
    events = List.copyOf(events);
    timeouts = List.copyOf(timeouts);
  }

  public DowntimeWindow withKind(WindowKind value) {
    return new DowntimeWindow(
        startEpochMicros,
        endEpochMicros,
        openStart,
        openEnd,
        failedRequests,
        failedByClass,
        failedByKind,
        failedByOperation,
        firstFailureEpochMicros,
        detectionMs,
        detectionAfterStartMs,
        recoveryMs,
        triggerAskedEpochMicros,
        events,
        value,
        poolWait,
        timeouts);
  }

  public DowntimeWindow withPoolWait(@Nullable PoolWait value) {
    return new DowntimeWindow(
        startEpochMicros,
        endEpochMicros,
        openStart,
        openEnd,
        failedRequests,
        failedByClass,
        failedByKind,
        failedByOperation,
        firstFailureEpochMicros,
        detectionMs,
        detectionAfterStartMs,
        recoveryMs,
        triggerAskedEpochMicros,
        events,
        kind,
        value,
        timeouts);
  }

  public DowntimeWindow withTimeouts(List<TimeoutWait> value) {
    return new DowntimeWindow(
        startEpochMicros,
        endEpochMicros,
        openStart,
        openEnd,
        failedRequests,
        failedByClass,
        failedByKind,
        failedByOperation,
        firstFailureEpochMicros,
        detectionMs,
        detectionAfterStartMs,
        recoveryMs,
        triggerAskedEpochMicros,
        events,
        kind,
        poolWait,
        value);
  }

  public long durationMicros() {
    return endEpochMicros - startEpochMicros;
  }

  @JsonProperty("durationMs")
  public double durationMs() {
    return Maps.ms(durationMicros());
  }

  @JsonProperty("startEpochMs")
  public long startEpochMs() {
    return Math.floorDiv(startEpochMicros, 1000L);
  }

  @JsonProperty("endEpochMs")
  public long endEpochMs() {
    return Math.floorDiv(endEpochMicros, 1000L);
  }
}
