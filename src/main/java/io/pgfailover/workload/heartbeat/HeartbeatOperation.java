package io.pgfailover.workload.heartbeat;

import io.pgfailover.record.OperationKind;
import io.pgfailover.record.RunClock;
import io.pgfailover.workload.Params;
import io.pgfailover.workload.SqlOperation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The heartbeat write of one endpoint in one run: inserts the next sequence number with the
 * client's {@link RunClock} time and the server's {@code clock_timestamp()}, and returns the
 * number, which becomes the request record's detail. That pairing is what the lost-write check
 * joins on: an OK record whose number is missing on the final primary is a lost write; a row whose
 * record failed is an indeterminate write.
 *
 * <p>Every attempt consumes a number, whether it succeeds or not, so failed attempts leave gaps in
 * the table that the records explain. Thread-safe; one instance per endpoint.
 */
public final class HeartbeatOperation implements SqlOperation {
  public static final String WORKLOAD = "heartbeat";
  public static final String NAME = "heartbeat";
  private static final String INSERT =
      "INSERT INTO failover_heartbeat"
          + " (run_id, endpoint, seq, client_micros, server_ts) VALUES (?, ?, ?, ?, clock_timestamp())";

  private final String runId;
  private final String endpoint;
  private final AtomicLong lastSeq = new AtomicLong();

  public HeartbeatOperation(String runId, String endpoint) {
    this.runId = Objects.requireNonNull(runId, "runId");
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    if (endpoint.isEmpty() || endpoint.chars().anyMatch(Character::isISOControl)) {
      // the name is a field of heartbeat.tsv: no tabs or line breaks
      throw new IllegalArgumentException("bad endpoint name for the heartbeat: '" + endpoint + "'");
    }
  }

  @Override
  public String workload() {
    return WORKLOAD;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public OperationKind kind() {
    return OperationKind.WRITE;
  }

  public String runId() {
    return runId;
  }

  public String endpoint() {
    return endpoint;
  }

  /** The last sequence number handed to an attempt (0 before the first). */
  public long lastSeq() {
    return lastSeq.get();
  }

  /** Inserts the next heartbeat; it takes no parameters. Returns the sequence number. */
  @Override
  public long execute(Connection connection, Params params) throws SQLException {
    long seq = lastSeq.incrementAndGet();
    try (PreparedStatement ps = connection.prepareStatement(INSERT)) {
      ps.setString(1, runId);
      ps.setString(2, endpoint);
      ps.setLong(3, seq);
      ps.setLong(4, RunClock.nowMicros());
      ps.executeUpdate();
    }
    return seq;
  }

  @Override
  public String toString() {
    return "heartbeat(" + endpoint + ", run " + runId + ")";
  }
}
