package io.pgfailover.workload.tpcb;

import io.pgfailover.record.OperationKind;
import io.pgfailover.workload.Params;
import io.pgfailover.workload.SqlOperation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * One run of a pgbench script as one operation (one request, one pgbench "transaction"): its SQL
 * commands in order, each a prepared statement with the session's variables bound. pgjdbc keeps the
 * server-side statements per connection after five uses (its prepareThreshold), so the steady state
 * is pgbench's {@code -M prepared}: Bind/Execute, no Parse. BEGIN turns autocommit off (pgjdbc
 * sends BEGIN with the next statement, saving a round trip); END commits. Rows are read and
 * dropped, as pgbench does. A failure throws with the transaction open: the action rolls back.
 * Stateless, shared by every virtual user.
 */
final class ScriptOperation implements SqlOperation {
  private final String name;
  private final OperationKind kind;
  private final Statement[] statements;
  private final String[][] parameters;

  ScriptOperation(PgbenchScript script) {
    this.name = script.name();
    this.kind = script.kind();
    this.statements = script.statements().toArray(new Statement[0]);
    this.parameters = new String[statements.length][];
    for (int i = 0; i < statements.length; i++) {
      parameters[i] = statements[i].parameters().toArray(new String[0]);
    }
  }

  @Override
  public String workload() {
    return TpcbWorkload.NAME;
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
    for (int i = 0; i < statements.length; i++) {
      Statement s = statements[i];
      switch (s.type()) {
        case BEGIN -> connection.setAutoCommit(false);
        case COMMIT -> {
          connection.commit();
          connection.setAutoCommit(true);
        }
        case ROLLBACK -> {
          connection.rollback();
          connection.setAutoCommit(true);
        }
        case SQL -> run(connection, s.sql(), parameters[i], params);
      }
    }
    return -1;
  }

  private static void run(Connection connection, String sql, String[] names, Params params)
      throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      for (int p = 0; p < names.length; p++) {
        Object value = params.get(names[p]);
        if (value instanceof Long l) {
          ps.setLong(p + 1, l);
        } else if (value instanceof Double d) {
          ps.setDouble(p + 1, d);
        } else {
          ps.setObject(p + 1, value);
        }
      }
      if (ps.execute()) {
        try (ResultSet rs = ps.getResultSet()) {
          while (rs.next()) {
            // pgbench reads and discards the rows
          }
        }
      }
    }
  }

  @Override
  public String toString() {
    return TpcbWorkload.NAME + "/" + name + " (" + kind.label() + ")";
  }
}
