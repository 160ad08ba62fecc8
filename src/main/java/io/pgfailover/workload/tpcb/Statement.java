package io.pgfailover.workload.tpcb;

import java.util.List;

/**
 * One SQL command of a script: transaction control (run through JDBC's autocommit/commit/rollback,
 * as pgjdbc expects) or a statement whose {@code :var} references became {@code ?} parameters,
 * bound in order from the session's variables. Immutable.
 */
record Statement(Type type, String sql, List<String> parameters, int line) {
  enum Type {
    BEGIN,
    COMMIT,
    ROLLBACK,
    SQL
  }

  Statement {
    parameters = List.copyOf(parameters);
  }

  boolean isSelect() {
    String s = sql.stripLeading().toLowerCase(java.util.Locale.ROOT);
    return s.startsWith("select") || s.startsWith("values") || s.startsWith("table ");
  }
}
