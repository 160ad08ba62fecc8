package io.pgfailover.record;

import io.pgfailover.downtime.ErrorClass;

/**
 * One executed operation, as read back from a recording. Times are {@link RunClock} microseconds
 * since the epoch; {@code endpoint} and {@code operation} index the recording's {@link Catalog}.
 *
 * @param sqlState five-character SQLSTATE of the failure, or null when there was none
 * @param detail operation-specific number, the heartbeat sequence for heartbeat writes, else -1
 */
public record RequestRecord(
    int endpoint,
    int operation,
    long startMicros,
    long endMicros,
    ErrorClass errorClass,
    String sqlState,
    long detail) {

  public boolean ok() {
    return errorClass == ErrorClass.NONE;
  }

  public long latencyMicros() {
    return endMicros - startMicros;
  }
}
