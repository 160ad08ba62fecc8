package io.pgfailover.record;

/**
 * One request record as a {@link RecordSource} hands it to a {@link RecordSink}: the fields of a
 * {@link RequestRecord} without the object. The source fills the same view again for the next
 * record, so a sink reads it during its call and keeps primitives, never the view: a run of a
 * hundred million records is streamed without allocating one object per record.
 */
public final class RecordView {
  private long startMicros;
  private long endMicros;
  private long detail;
  private int endpoint;
  private int operation;
  private int errorOrdinal;
  private long sqlStatePacked;
  private long acquireMicros;

  /** Fills the view from the packed fields, as {@link RecordFormat} stores them. */
  void set(
      long startMicros,
      long endMicros,
      long detail,
      int endpoint,
      int operation,
      int errorOrdinal,
      long sqlStatePacked,
      long acquireMicros) {
    this.startMicros = startMicros;
    this.endMicros = endMicros;
    this.detail = detail;
    this.endpoint = endpoint;
    this.operation = operation;
    this.errorOrdinal = errorOrdinal;
    this.sqlStatePacked = sqlStatePacked;
    this.acquireMicros = acquireMicros;
  }

  void set(RequestRecord r) {
    set(
        r.startMicros(),
        r.endMicros(),
        r.detail(),
        r.endpoint(),
        r.operation(),
        r.errorClass().ordinal(),
        RecordFormat.packSqlState(r.sqlState()),
        r.acquireMicros());
  }

  public int endpoint() {
    return endpoint;
  }

  public int operation() {
    return operation;
  }

  public long startMicros() {
    return startMicros;
  }

  public long endMicros() {
    return endMicros;
  }

  public long latencyMicros() {
    return endMicros - startMicros;
  }

  public boolean ok() {
    return errorOrdinal == 0;
  }

  public ErrorClass errorClass() {
    return ErrorClass.ofOrdinal(errorOrdinal);
  }

  int errorOrdinal() {
    return errorOrdinal;
  }

  /** {@link RecordFormat#packSqlState}'s form; 0 when there is none. */
  public long sqlStatePacked() {
    return sqlStatePacked;
  }

  /** The SQLSTATE, or null: allocates, so for failures only. */
  public String sqlState() {
    return RecordFormat.unpackSqlState(sqlStatePacked);
  }

  /** The heartbeat sequence for heartbeat writes, else -1. */
  public long detail() {
    return detail;
  }

  /** µs waiting for the connection, {@link RecordFormat#NO_ACQUIRE} when not recorded. */
  public long acquireMicros() {
    return acquireMicros;
  }

  public boolean hasAcquire() {
    return acquireMicros >= 0;
  }

  /** The end of the connection wait; only meaningful when {@link #hasAcquire()}. */
  public long acquiredMicros() {
    return startMicros + acquireMicros;
  }
}
