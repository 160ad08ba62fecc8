package io.pgfailover.workload;

import java.sql.SQLException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * A load that the virtual users of every endpoint run: each iteration feeds one set of parameters
 * and runs one operation chosen by weight. The business scenario and TPC-B are workloads; the
 * heartbeat is separate (one writer per endpoint, its own pace).
 */
public interface Workload {
  /** "business", "tpcb": the Gatling scenario and the recording's workload name. */
  String name();

  /** Creates the schema and data if needed, through a writer; returns true if it loaded data. */
  boolean prepare(DataSource writer) throws SQLException;

  /** The operations with their percent shares (adding up to 100). */
  List<WeightedOperation> weightedOperations();

  /** A new endless feeder of the operations' parameters. */
  Iterator<Map<String, Object>> feeder();
}
