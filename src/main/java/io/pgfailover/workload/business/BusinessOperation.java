package io.pgfailover.workload.business;

import io.pgfailover.record.OperationKind;
import io.pgfailover.workload.Params;
import io.pgfailover.workload.SqlOperation;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

/** A business operation: a name, a kind and the JDBC body that runs it. Stateless, shareable. */
final class BusinessOperation implements SqlOperation {
  /** The JDBC body; reads its parameters from the session's {@link BusinessFeeder} keys. */
  @FunctionalInterface
  interface Body {
    long run(Connection connection, Params params) throws SQLException;
  }

  private final String name;
  private final OperationKind kind;
  private final Body body;

  BusinessOperation(String name, OperationKind kind, Body body) {
    this.name = Objects.requireNonNull(name, "name");
    this.kind = Objects.requireNonNull(kind, "kind");
    this.body = Objects.requireNonNull(body, "body");
  }

  @Override
  public String workload() {
    return BusinessWorkload.NAME;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public OperationKind kind() {
    return kind;
  }

  @Override
  public long execute(Connection connection, Params params) throws SQLException {
    return body.run(connection, params);
  }

  @Override
  public String toString() {
    return BusinessWorkload.NAME + "/" + name + " (" + kind.label() + ")";
  }
}
