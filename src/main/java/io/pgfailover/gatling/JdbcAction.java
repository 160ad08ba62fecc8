package io.pgfailover.gatling;

import com.typesafe.scalalogging.Logger;
import io.gatling.commons.stats.KO$;
import io.gatling.commons.stats.OK$;
import io.gatling.core.action.Action;
import io.gatling.core.action.ChainableAction;
import io.gatling.core.session.Session;
import io.gatling.core.stats.StatsEngine;
import io.pgfailover.endpoint.ConnectionSource;
import io.pgfailover.endpoint.Endpoint;
import io.pgfailover.record.ErrorClass;
import io.pgfailover.record.ErrorClassifier;
import io.pgfailover.record.RecordFormat;
import io.pgfailover.record.RunClock;
import io.pgfailover.workload.SqlOperation;
import java.sql.Connection;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BooleanSupplier;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * Runs one {@link SqlOperation} on an endpoint, off the event loop, and reports it twice: to
 * Gatling's stats (so the normal report shows it with OK/KO) and to the {@link
 * io.pgfailover.record.Recorder} (the source of every downtime figure).
 *
 * <p>One attempt is exactly one record, whatever happens inside it: getting the connection (a pool
 * borrow with any reconnect it waits for, or the probe's own connect) is inside the timed section,
 * and is also recorded on its own as the record's acquire time; an exception from rollback or close
 * is ignored after the attempt's own outcome is known, so it can neither hide a failure nor drop
 * the attempt from the counts.
 */
final class JdbcAction implements ChainableAction {
  private static final Logger LOGGER = Logger.apply(LoggerFactory.getLogger(JdbcAction.class));

  private final JdbcRuntime runtime;
  private final ConnectionSource connections;
  private final int endpointId;
  private final SqlOperation operation;
  private final int operationId;
  private final String requestName;
  private final Iterator<Map<String, Object>> feeder; // null: the session is used as it comes
  private final BooleanSupplier repeatWhile; // null: one request, then the next action
  private final StatsEngine statsEngine;
  private final Action next;

  JdbcAction(
      JdbcRuntime runtime,
      Endpoint endpoint,
      ConnectionSource connections,
      int endpointId,
      SqlOperation operation,
      int operationId,
      Iterator<Map<String, Object>> feeder,
      BooleanSupplier repeatWhile,
      StatsEngine statsEngine,
      Action next) {
    this.runtime = runtime;
    this.connections = connections;
    this.endpointId = endpointId;
    this.operation = operation;
    this.operationId = operationId;
    this.requestName = endpoint.name() + " " + operation.workload() + "." + operation.name();
    this.feeder = feeder;
    this.repeatWhile = repeatWhile;
    this.statsEngine = statsEngine;
    this.next = next;
  }

  @Override
  public String name() {
    return requestName;
  }

  @Override
  public StatsEngine statsEngine() {
    return statsEngine;
  }

  @Override
  public Action next() {
    return next;
  }

  @Override
  public void execute(Session session) {
    try {
      runtime.workers().execute(() -> runOnWorker(session));
    } catch (RejectedExecutionException e) {
      // the run is shutting down: pass the user on without a request
      next.$bang(session.markAsFailed());
    }
  }

  private void runOnWorker(Session session) {
    Session current = session;
    try {
      if (repeatWhile == null) {
        current = attempt(current);
      } else {
        while (repeatWhile.getAsBoolean() && !runtime.isClosing()) {
          current = attempt(current);
        }
      }
    } catch (Throwable t) {
      // escaped attempt()'s own catch (recording, reporting, a loop condition): the user goes on,
      // failed, as after a KO
      LOGGER.underlying().error("{}: {} escaped the action", requestName, t.toString(), t);
      current = current.markAsFailed();
    } finally {
      next.$bang(current);
    }
  }

  /** One request: runs, records and reports it; returns the session the user goes on with. */
  private Session attempt(Session incoming) {
    Session session = incoming;
    Throwable failure = null;
    long detail = -1;
    Connection connection = null;
    long startMicros = 0;
    long acquiredMicros = 0;
    boolean clockStarted = false;
    try {
      if (feeder != null) {
        // before the clock starts, as Gatling's feed step would be
        session = withRecord(incoming, nextRecord());
      }
      startMicros = RunClock.nowMicros();
      clockStarted = true;
      connection = connections.acquire();
      acquiredMicros = RunClock.nowMicros();
      detail = operation.execute(connection, new io.gatling.javaapi.core.Session(session)::get);
    } catch (Throwable t) {
      failure = t;
      if (startMicros == 0) {
        startMicros = RunClock.nowMicros();
      }
      rollbackQuietly(connection);
    } finally {
      connections.release(connection, failure != null);
    }
    long endMicros = RunClock.nowMicros();
    // a failed acquire waited until the failure; a request that failed before the clock started
    // (an exhausted feeder) waited for nothing
    long acquireMicros =
        !clockStarted
            ? RecordFormat.NO_ACQUIRE
            : (acquiredMicros == 0 ? endMicros : acquiredMicros) - startMicros;
    Session outgoing = session;
    if (failure == null) {
      runtime
          .recorder()
          .record(
              endpointId,
              operationId,
              startMicros,
              endMicros,
              ErrorClass.NONE,
              0L,
              detail,
              acquireMicros);
      statsEngine.logResponse(
          session.scenario(),
          session.groups(),
          requestName,
          startMicros / 1000,
          endMicros / 1000,
          OK$.MODULE$,
          Option.empty(),
          Option.empty());
    } else {
      ErrorClass errorClass = ErrorClassifier.classify(failure);
      String sqlState = ErrorClassifier.sqlState(failure);
      runtime
          .recorder()
          .record(
              endpointId,
              operationId,
              startMicros,
              endMicros,
              errorClass,
              RecordFormat.packSqlState(sqlState),
              detail,
              acquireMicros);
      statsEngine.logResponse(
          session.scenario(),
          session.groups(),
          requestName,
          startMicros / 1000,
          endMicros / 1000,
          KO$.MODULE$,
          Option.apply(sqlState == null ? errorClass.name() : sqlState),
          Option.apply(errorClass + ": " + failure.getMessage()));
      outgoing = session.markAsFailed();
    }
    return outgoing;
  }

  /**
   * The session with the record's entries set one by one: the Java API's setAll first copies the
   * map into a Scala map and then merges it, which the benchmark's profile showed as a sixth of the
   * worker threads' CPU.
   */
  private static Session withRecord(Session session, Map<String, Object> record) {
    Session result = session;
    for (Map.Entry<String, Object> e : record.entrySet()) {
      result = result.set(e.getKey(), e.getValue());
    }
    return result;
  }

  private Map<String, Object> nextRecord() {
    synchronized (feeder) {
      if (!feeder.hasNext()) {
        throw new NoSuchElementException("the feeder is exhausted");
      }
      return feeder.next();
    }
  }

  private static void rollbackQuietly(Connection connection) {
    if (connection == null) {
      return;
    }
    try {
      if (!connection.getAutoCommit()) {
        connection.rollback();
      }
    } catch (Throwable ignored) {
      // the attempt already failed; a dead connection cannot roll back, and that changes nothing
    }
  }

  // ---- Scala trait plumbing that javac does not demand but the runtime calls -----------------

  /** Synthetic in the Scala trait (javac does not see it); without it: AbstractMethodError. */
  public void io$gatling$core$action$ChainableAction$$super$$bang(Session session) {
    session.eventLoop().execute(() -> execute(session));
  }

  @Override
  public Logger logger() {
    return LOGGER;
  }

  @Override
  public void com$typesafe$scalalogging$StrictLogging$_setter_$logger_$eq(Logger logger) {
    // the logger is a constant here
  }
}
