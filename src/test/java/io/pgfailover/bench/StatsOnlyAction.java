package io.pgfailover.bench;

import com.typesafe.scalalogging.Logger;
import io.gatling.commons.stats.KO$;
import io.gatling.commons.stats.OK$;
import io.gatling.core.action.Action;
import io.gatling.core.action.ChainableAction;
import io.gatling.core.session.Session;
import io.gatling.core.stats.StatsEngine;
import io.gatling.core.structure.ScenarioContext;
import io.gatling.javaapi.core.ActionBuilder;
import io.pgfailover.endpoint.Endpoint;
import io.pgfailover.workload.SqlOperation;
import java.sql.Connection;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.LoggerFactory;
import scala.Option;

/**
 * The benchmark's "recording off": {@code io.pgfailover.gatling.JdbcAction} line for line (same
 * worker hand-off, same pool borrow, same stats call, same hop back) minus the
 * {@code Recorder.record} call, so the ratio on/off isolates what our recording costs.
 */
final class StatsOnlyAction implements ChainableAction {
  private static final Logger LOGGER = Logger.apply(LoggerFactory.getLogger(StatsOnlyAction.class));

  private final ExecutorService workers;
  private final Endpoint endpoint;
  private final SqlOperation operation;
  private final LongAdder ok;
  private final String requestName;
  private final StatsEngine statsEngine;
  private final Action next;

  StatsOnlyAction(ExecutorService workers, Endpoint endpoint, SqlOperation operation, LongAdder ok,
      StatsEngine statsEngine, Action next) {
    this.workers = workers;
    this.endpoint = endpoint;
    this.operation = operation;
    this.ok = ok;
    this.requestName = endpoint.name() + " " + operation.workload() + "." + operation.name();
    this.statsEngine = statsEngine;
    this.next = next;
  }

  static ActionBuilder builder(ExecutorService workers, Endpoint endpoint, SqlOperation operation,
      LongAdder ok) {
    return () -> new io.gatling.core.action.builder.ActionBuilder() {
      @Override
      public Action build(ScenarioContext ctx, Action next) {
        return new StatsOnlyAction(workers, endpoint, operation, ok,
            ctx.coreComponents().statsEngine(), next);
      }

      @Override
      public io.gatling.core.structure.ChainBuilder toChainBuilder() {
        return io.gatling.core.action.builder.ActionBuilder.super.toChainBuilder();
      }
    };
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
      workers.execute(() -> run(session));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      next.$bang(session.markAsFailed());
    }
  }

  private void run(Session session) {
    long startMicros = io.pgfailover.record.RunClock.nowMicros();
    Throwable failure = null;
    Connection connection = null;
    try {
      connection = endpoint.dataSource().getConnection();
      operation.execute(connection, new io.gatling.javaapi.core.Session(session));
    } catch (Throwable t) {
      failure = t;
      try {
        if (connection != null && !connection.getAutoCommit()) {
          connection.rollback();
        }
      } catch (Throwable ignored) {
        // as JdbcAction
      }
    } finally {
      try {
        if (connection != null) {
          connection.close();
        }
      } catch (Throwable ignored) {
        // as JdbcAction
      }
    }
    long endMicros = io.pgfailover.record.RunClock.nowMicros();
    Session outgoing = session;
    if (failure == null) {
      ok.increment();
      statsEngine.logResponse(session.scenario(), session.groups(), requestName,
          startMicros / 1000, endMicros / 1000, OK$.MODULE$, Option.empty(), Option.empty());
    } else {
      statsEngine.logResponse(session.scenario(), session.groups(), requestName,
          startMicros / 1000, endMicros / 1000, KO$.MODULE$, Option.apply("ERROR"),
          Option.apply(String.valueOf(failure.getMessage())));
      outgoing = session.markAsFailed();
    }
    next.$bang(outgoing);
  }

  public void io$gatling$core$action$ChainableAction$$super$$bang(Session session) {
    session.eventLoop().execute(() -> execute(session));
  }

  @Override
  public Logger logger() {
    return LOGGER;
  }

  @Override
  public void com$typesafe$scalalogging$StrictLogging$_setter_$logger_$eq(Logger logger) {
    // constant
  }
}
