package io.pgfailover.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.SocketTimeoutException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import software.amazon.jdbc.plugin.failover.FailoverFailedSQLException;
import software.amazon.jdbc.plugin.failover.FailoverSuccessSQLException;
import software.amazon.jdbc.plugin.failover.TransactionStateUnknownSQLException;

/**
 * The AWS Advanced JDBC Wrapper's failover exceptions, constructed from the wrapper's own classes,
 * get their own error classes, whatever error set the failover off.
 */
class WrapperErrorClassTest {

  @Test
  void failoverSucceededIsARerunWhateverItsCause() {
    assertEquals(
        ErrorClass.FAILOVER_RERUN, ErrorClassifier.classify(new FailoverSuccessSQLException()));
    SQLException lost =
        new PSQLException(
            "An I/O error occurred while sending to the backend.",
            PSQLState.CONNECTION_FAILURE,
            new SocketTimeoutException("Read timed out"));
    assertEquals(
        ErrorClass.FAILOVER_RERUN, ErrorClassifier.classify(new FailoverSuccessSQLException(lost)));
    assertEquals("08S02", ErrorClassifier.sqlState(new FailoverSuccessSQLException()));
  }

  @Test
  void failoverInATransactionLeavesItsStateUnknown() {
    assertEquals(
        ErrorClass.TRANSACTION_UNKNOWN,
        ErrorClassifier.classify(new TransactionStateUnknownSQLException()));
    assertEquals(
        ErrorClass.TRANSACTION_UNKNOWN,
        ErrorClassifier.classify(
            new SQLException("commit failed", "08006", new TransactionStateUnknownSQLException())));
  }

  @Test
  void aFailedFailoverIsAConnectFailure() {
    assertEquals(
        ErrorClass.CONNECT_FAILED,
        ErrorClassifier.classify(
            new FailoverFailedSQLException("Unable to establish SQL connection to writer")));
  }

  @Test
  void theSqlStatesAloneMapTheSameWay() {
    assertEquals(ErrorClass.FAILOVER_RERUN, ErrorClassifier.ofSqlState("08S02"));
    assertEquals(ErrorClass.TRANSACTION_UNKNOWN, ErrorClassifier.ofSqlState("08007"));
    assertEquals(ErrorClass.CONNECTION_LOST, ErrorClassifier.ofSqlState("08006"));
  }
}
