package io.pgfailover.downtime;

/**
 * The closed set of failure classes a request can end with (DESIGN.md section 2). {@link #NONE} is the
 * class of a successful request. The ordinal is stored in the recording: append only, never reorder.
 */
public enum ErrorClass {
  NONE,
  CONNECT_FAILED,
  CONNECTION_LOST,
  TIMEOUT,
  READ_ONLY,
  SHUTDOWN,
  CANNOT_CONNECT_NOW,
  AUTH,
  SERIALIZATION,
  OTHER;

  private static final ErrorClass[] VALUES = values();

  public static ErrorClass ofOrdinal(int ordinal) {
    return VALUES[ordinal];
  }
}
