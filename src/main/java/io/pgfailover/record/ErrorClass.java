package io.pgfailover.record;

/**
 * The closed set of failure classes a request can end with (DESIGN.md section 2). {@link #NONE} is
 * the class of a successful request. The ordinal is stored in the recording: append only, never
 * reorder.
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
  OTHER,
  /**
   * The pool had no connection to give within {@code pool.acquire-timeout} (HikariCP's
   * connectionTimeout): the request never reached the path, whatever the pool's last connect
   * attempt saw. Kept apart from {@link #CONNECT_FAILED}, a connect to the server that failed.
   */
  POOL_TIMEOUT,
  /**
   * The AWS Advanced JDBC Wrapper failed over and the connection now works on the new writer
   * (SQLSTATE 08S02): this request failed and must be run again; the session state was reset.
   */
  FAILOVER_RERUN,
  /**
   * The AWS Advanced JDBC Wrapper failed over inside a transaction (SQLSTATE 08007): the connection
   * works again, but whether the transaction committed is unknown.
   */
  TRANSACTION_UNKNOWN,
  /**
   * A connect attempt that got no answer within {@code pool.connect-timeout} (pgjdbc's
   * connectTimeout, or its loginTimeout): the server's address swallowed the packets, as under a
   * partition. Kept apart from {@link #CONNECT_FAILED}, a connect that was refused or reset.
   */
  CONNECT_TIMEOUT;

  private static final ErrorClass[] VALUES = values();

  /** Between two settings of {@link #timeoutSetting()} either of which may have fired. */
  public static final String SETTING_OR = " or ";

  /**
   * The client setting whose expiry ends a request of this class, as configured ({@code
   * pool.socket-timeout}), or two joined by {@link #SETTING_OR} when either may have fired; empty
   * for the classes no timeout ends. Under a silent fault, the requests of these classes hung
   * exactly that long.
   */
  public java.util.Optional<String> timeoutSetting() {
    return switch (this) {
      case TIMEOUT -> java.util.Optional.of("pool.socket-timeout");
      // pgjdbc's connectTimeout bounds one host's TCP connect, its loginTimeout the whole login
      case CONNECT_TIMEOUT ->
          java.util.Optional.of("pool.connect-timeout" + SETTING_OR + "pool.login-timeout");
      case POOL_TIMEOUT -> java.util.Optional.of("pool.acquire-timeout");
      default -> java.util.Optional.empty();
    };
  }

  public static ErrorClass ofOrdinal(int ordinal) {
    return VALUES[ordinal];
  }
}
