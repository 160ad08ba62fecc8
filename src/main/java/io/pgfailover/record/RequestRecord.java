package io.pgfailover.record;

/**
 * One executed operation, as read back from a recording. Times are {@link RunClock} microseconds
 * since the epoch; {@code endpoint} and {@code operation} index the recording's {@link Catalog}.
 *
 * @param sqlState five-character SQLSTATE of the failure, or null when there was none
 * @param detail operation-specific number, the heartbeat sequence for heartbeat writes, else -1
 * @param acquireMicros how long the request waited for its connection (a pool borrow with any
 *     connect it waited for, or the probe's own connect), {@link RecordFormat#NO_ACQUIRE} when not
 *     recorded (run folders from before the field)
 */
public record RequestRecord(
    int endpoint,
    int operation,
    long startMicros,
    long endMicros,
    ErrorClass errorClass,
    String sqlState,
    long detail,
    long acquireMicros) {

  /** A record without an acquire time. */
  public RequestRecord(
      int endpoint,
      int operation,
      long startMicros,
      long endMicros,
      ErrorClass errorClass,
      String sqlState,
      long detail) {
    this(
        endpoint,
        operation,
        startMicros,
        endMicros,
        errorClass,
        sqlState,
        detail,
        RecordFormat.NO_ACQUIRE);
  }

  /** The end of the connection wait, or null when not recorded. */
  public Long acquiredMicros() {
    return acquireMicros < 0 ? null : startMicros + acquireMicros;
  }

  public boolean ok() {
    return errorClass == ErrorClass.NONE;
  }

  public long latencyMicros() {
    return endMicros - startMicros;
  }
}
