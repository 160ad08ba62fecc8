package io.pgfailover.workload.heartbeat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgfailover.record.HeartbeatFile;
import io.pgfailover.record.HeartbeatRow;
import io.pgfailover.record.OperationKind;
import io.pgfailover.workload.Params;
import io.pgfailover.workload.WorkloadTestSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeartbeatTest {
  private static final Params SESSION = WorkloadTestSupport.session(Map.of());
  private static DataSource db;

  @BeforeAll
  static void prepare() throws SQLException {
    db = WorkloadTestSupport.freshDatabase("heartbeat");
    HeartbeatSchema.prepare(db);
    HeartbeatSchema.prepare(db); // idempotent
  }

  @Test
  void writesNumberedRowsThatTheVerifierReadsBackInServerTimeOrder(@TempDir Path dir)
      throws Exception {
    HeartbeatOperation direct = new HeartbeatOperation("run-a", "direct");
    HeartbeatOperation proxy = new HeartbeatOperation("run-a", "proxy");
    HeartbeatOperation otherRun = new HeartbeatOperation("run-b", "direct");
    assertEquals("heartbeat", direct.workload());
    assertEquals("heartbeat", direct.name());
    assertEquals(OperationKind.WRITE, direct.kind());
    long beforeMicros = System.currentTimeMillis() * 1000;
    try (Connection c = db.getConnection()) {
      for (long expected = 1; expected <= 20; expected++) {
        assertEquals(expected, direct.execute(c, SESSION));
        if (expected <= 5) {
          assertEquals(expected, proxy.execute(c, SESSION));
          otherRun.execute(c, SESSION);
        }
      }
    }
    // a failed attempt consumes its number: the table keeps a gap at 21
    Connection closed = db.getConnection();
    closed.close();
    assertThrows(SQLException.class, () -> direct.execute(closed, SESSION));
    assertEquals(21, direct.lastSeq());
    try (Connection c = db.getConnection()) {
      assertEquals(22, direct.execute(c, SESSION));
    }
    long afterMicros = System.currentTimeMillis() * 1000;

    List<HeartbeatRow> rows;
    try (Connection c = db.getConnection()) {
      rows = HeartbeatReadback.fetchRows(c, "run-a");
    }
    assertEquals(21 + 5, rows.size());
    List<Long> directSeqs = new ArrayList<>();
    HeartbeatRow previous = null;
    for (HeartbeatRow row : rows) {
      if (row.endpoint().equals("direct")) {
        directSeqs.add(row.seq());
      }
      assertTrue(
          row.serverEpochMicros() >= beforeMicros - 5_000_000
              && row.serverEpochMicros() <= afterMicros + 5_000_000,
          "server time of " + row);
      if (previous != null && previous.endpoint().equals(row.endpoint())) {
        assertTrue(row.seq() > previous.seq(), "ordered by seq: " + row);
        assertTrue(
            row.serverEpochMicros() > previous.serverEpochMicros(),
            "server timestamps increase with seq: " + previous + " then " + row);
      }
      previous = row;
    }
    List<Long> expectedDirect = new ArrayList<>();
    for (long seq = 1; seq <= 20; seq++) {
      expectedDirect.add(seq);
    }
    expectedDirect.add(22L);
    assertEquals(expectedDirect, directSeqs);
    assertEquals("direct", rows.get(0).endpoint());
    assertEquals("proxy", rows.get(rows.size() - 1).endpoint());

    HeartbeatFile.write(rows, dir);
    List<String> lines = Files.readAllLines(dir.resolve(HeartbeatFile.FILE_NAME));
    assertEquals(rows.size(), lines.size());
    assertEquals("direct\t1\t" + rows.get(0).serverEpochMicros(), lines.get(0));
    assertEquals(rows, HeartbeatFile.read(dir));
  }

  @Test
  void concurrentAttemptsGetDistinctNumbers() throws Exception {
    HeartbeatOperation op = new HeartbeatOperation("run-concurrent", "haproxy");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<List<Long>>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(
            pool.submit(
                () -> {
                  List<Long> seqs = new ArrayList<>();
                  try (Connection c = db.getConnection()) {
                    for (int i = 0; i < 25; i++) {
                      seqs.add(op.execute(c, SESSION));
                    }
                  }
                  return seqs;
                }));
      }
      Set<Long> all = new TreeSet<>();
      for (Future<List<Long>> f : futures) {
        all.addAll(f.get(60, TimeUnit.SECONDS));
      }
      assertEquals(100, all.size());
      assertEquals(1L, ((TreeSet<Long>) all).first());
      assertEquals(100L, ((TreeSet<Long>) all).last());
      try (Connection c = db.getConnection()) {
        assertEquals(100, HeartbeatReadback.fetchRows(c, "run-concurrent").size());
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void purgeDeletesOnlyOldRows() throws SQLException {
    HeartbeatOperation op = new HeartbeatOperation("run-recent", "reader");
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      op.execute(c, SESSION);
      s.execute(
          "INSERT INTO failover_heartbeat (run_id, endpoint, seq, client_micros, server_ts)"
              + " VALUES ('run-old', 'direct', 1, 0, now() - interval '2 days')");
      assertEquals(1, HeartbeatSchema.purgeOlderThan(c, Duration.ofDays(1)));
      assertEquals(0, HeartbeatReadback.fetchRows(c, "run-old").size());
      assertEquals(1, HeartbeatReadback.fetchRows(c, "run-recent").size());
    }
  }

  @Test
  void endpointNamesMustFitTheTsv() {
    assertThrows(IllegalArgumentException.class, () -> new HeartbeatOperation("r", "a\tb"));
    assertThrows(IllegalArgumentException.class, () -> new HeartbeatOperation("r", ""));
  }
}
