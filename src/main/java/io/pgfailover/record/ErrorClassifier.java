package io.pgfailover.record;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The one place that turns a failed request's exception into an {@link ErrorClass} (DESIGN.md
 * section 2). Stateless and thread-safe.
 *
 * <p>The exception graph (causes and {@link SQLException#getNextException()}) is walked breadth
 * first, outermost first, and at most {@value #MAX_DEPTH} exceptions deep, as HikariCP does.
 * Precedence, because one chain often carries several hints:
 *
 * <ol>
 *   <li>the AWS Advanced JDBC Wrapper's failover outcomes, whatever their cause (the error that set
 *       the failover off): SQLSTATE 08S02 FAILOVER_RERUN ("failover succeeded, re-run"), 08007
 *       TRANSACTION_UNKNOWN (failover in a transaction);
 *   <li>a HikariCP pool timeout: POOL_TIMEOUT, whatever its cause (HikariCP attaches the pool's
 *       last connection failure, e.g. "connection refused", with its SQLSTATE 08001, but the
 *       request itself only waited for the pool: issue 9 found acquire timeouts that went on for 5
 *       s after the path was back, all counted as CONNECT_FAILED);
 *   <li>a connect attempt that timed out (a SocketTimeoutException under a connect failure, or
 *       pgjdbc's "Connection attempt timed out" of loginTimeout): CONNECT_TIMEOUT, the silent kind
 *       of connect failure;
 *   <li>SQLSTATE 08001/08004 or a refused/unroutable socket: CONNECT_FAILED (the request never
 *       reached a server);
 *   <li>a socket or JDBC timeout: TIMEOUT (pgjdbc reports socketTimeout as 08006 with a
 *       SocketTimeoutException cause: the cause is the better witness);
 *   <li>the first SQLSTATE with a mapping (see {@link #ofSqlState});
 *   <li>an end of stream, a reset socket or pgjdbc's "An I/O error occurred": CONNECTION_LOST;
 *   <li>anything else: OTHER.
 * </ol>
 */
public final class ErrorClassifier {
  /** How many exceptions of one chain are inspected at most. */
  public static final int MAX_DEPTH = 10;

  private static final String HIKARI_TIMEOUT = "Connection is not available, request timed out";
  private static final String PGJDBC_IO_ERROR = "An I/O error occurred";
  private static final String PGJDBC_LOGIN_TIMEOUT = "Connection attempt timed out";

  /** The AWS Advanced JDBC Wrapper's FailoverSuccessSQLException. */
  static final String WRAPPER_FAILOVER_SUCCEEDED = "08S02";

  /** The AWS Advanced JDBC Wrapper's TransactionStateUnknownSQLException. */
  static final String WRAPPER_TRANSACTION_UNKNOWN = "08007";

  private ErrorClassifier() {}

  /** The class of a failed request; {@link ErrorClass#OTHER} for null or unknown failures. */
  public static ErrorClass classify(@Nullable Throwable failure) {
    if (failure == null) {
      return ErrorClass.OTHER;
    }
    List<Throwable> chain = chain(failure);
    for (Throwable t : chain) {
      if (t instanceof SQLException sql) {
        if (WRAPPER_FAILOVER_SUCCEEDED.equals(sql.getSQLState())) {
          return ErrorClass.FAILOVER_RERUN;
        }
        if (WRAPPER_TRANSACTION_UNKNOWN.equals(sql.getSQLState())) {
          return ErrorClass.TRANSACTION_UNKNOWN;
        }
      }
    }
    for (Throwable t : chain) {
      if (isPoolTimeout(t)) {
        return ErrorClass.POOL_TIMEOUT;
      }
    }
    return classifyChain(chain);
  }

  /** The first SQLSTATE found in the chain (outermost first), or null. */
  public static @Nullable String sqlState(@Nullable Throwable failure) {
    if (failure == null) {
      return null;
    }
    for (Throwable t : chain(failure)) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        return sql.getSQLState();
      }
    }
    return null;
  }

  /** The class a SQLSTATE stands for alone, or null when it says nothing about availability. */
  public static @Nullable ErrorClass ofSqlState(@Nullable String state) {
    if (state == null || state.length() != 5) {
      return null;
    }
    switch (state) {
      case WRAPPER_FAILOVER_SUCCEEDED:
        return ErrorClass.FAILOVER_RERUN;
      case WRAPPER_TRANSACTION_UNKNOWN:
        return ErrorClass.TRANSACTION_UNKNOWN;
      case "08001", "08004":
        return ErrorClass.CONNECT_FAILED;
      case "57P01", "57P02":
        return ErrorClass.SHUTDOWN;
      case "57P03":
        return ErrorClass.CANNOT_CONNECT_NOW;
      case "25006":
        return ErrorClass.READ_ONLY;
      case "40001", "40P01":
        return ErrorClass.SERIALIZATION;
      case "57014":
        return ErrorClass.TIMEOUT;
      default:
        break;
    }
    if (state.startsWith("08")) {
      return ErrorClass.CONNECTION_LOST;
    }
    if (state.startsWith("28")) {
      return ErrorClass.AUTH;
    }
    return null;
  }

  private static ErrorClass classifyChain(List<Throwable> chain) {
    boolean connectFailure = chain.stream().anyMatch(ErrorClassifier::isConnectFailure);
    boolean timedOut =
        chain.stream()
            .anyMatch(
                t ->
                    t instanceof SocketTimeoutException
                        || (t.getMessage() != null
                            && t.getMessage().contains(PGJDBC_LOGIN_TIMEOUT)));
    if (connectFailure && timedOut) {
      return ErrorClass.CONNECT_TIMEOUT;
    }
    if (connectFailure) {
      return ErrorClass.CONNECT_FAILED;
    }
    for (Throwable t : chain) {
      if (t instanceof SocketTimeoutException || t instanceof SQLTimeoutException) {
        return ErrorClass.TIMEOUT;
      }
    }
    for (Throwable t : chain) {
      if (t instanceof SQLException sql) {
        ErrorClass mapped = ofSqlState(sql.getSQLState());
        if (mapped != null) {
          return mapped;
        }
      }
    }
    for (Throwable t : chain) {
      String message = t.getMessage();
      if (t instanceof EOFException
          || t instanceof SocketException
          || (message != null && message.contains(PGJDBC_IO_ERROR))) {
        return ErrorClass.CONNECTION_LOST;
      }
    }
    return ErrorClass.OTHER;
  }

  private static boolean isConnectFailure(Throwable t) {
    if (t instanceof ConnectException
        || t instanceof NoRouteToHostException
        || t instanceof PortUnreachableException
        || t instanceof UnknownHostException) {
      return true;
    }
    if (t instanceof SQLException sql) {
      String state = sql.getSQLState();
      return "08001".equals(state) || "08004".equals(state);
    }
    return false;
  }

  private static boolean isPoolTimeout(Throwable t) {
    return t instanceof SQLTransientConnectionException
        && t.getMessage() != null
        && t.getMessage().contains(HIKARI_TIMEOUT);
  }

  private static List<Throwable> causesOf(Throwable t) {
    List<Throwable> direct = new ArrayList<>(2);
    if (t.getCause() != null) {
      direct.add(t.getCause());
    }
    if (t instanceof SQLException sql
        && sql.getNextException() != null
        && sql.getNextException() != t.getCause()) {
      direct.add(sql.getNextException());
    }
    return direct;
  }

  /** Breadth-first over causes and next exceptions, cycle-safe, at most MAX_DEPTH entries. */
  private static List<Throwable> chain(Throwable root) {
    return chain(List.of(root));
  }

  private static List<Throwable> chain(List<Throwable> roots) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<Throwable> out = new ArrayList<>(MAX_DEPTH);
    List<Throwable> queue = new ArrayList<>(roots);
    for (int head = 0; head < queue.size() && out.size() < MAX_DEPTH; head++) {
      Throwable t = queue.get(head);
      if (seen.add(t)) {
        out.add(t);
        queue.addAll(causesOf(t));
      }
    }
    return out;
  }
}
