package io.pgfailover.gatling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgfailover.record.Catalog;
import io.pgfailover.record.ErrorClass;
import io.pgfailover.record.Recording;
import io.pgfailover.record.RequestRecord;
import io.pgfailover.testsupport.GatlingRun;
import io.pgfailover.testsupport.ScratchPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The custom action in a real Gatling run on a scratch PostgreSQL ({@link ActionProbeSimulation}):
 * its own feeding draws exactly one record per request, never concurrently, and the request sees
 * it; the closed loop keeps going through failures, stops when its condition turns false and hands
 * the user on to the next step; every request is one record, OK or with the server's SQLSTATE.
 */
class JdbcActionTest {
  private static final long LOOP_MILLIS = 2000;

  @TempDir static Path dir;
  static GatlingRun run;
  static Recording recording;
  static Map<String, List<Long>> rows;

  @BeforeAll
  static void runProbe() throws Exception {
    ScratchPostgres pg = ScratchPostgres.get();
    run =
        GatlingRun.run(
            ActionProbeSimulation.class,
            dir,
            List.of(
                "-Dprobe.dir=" + dir, "-Dprobe.url=" + pg.jdbcUrl(),
                "-Dprobe.password=" + ScratchPostgres.PASSWORD,
                    "-Dprobe.loopMillis=" + LOOP_MILLIS));
    assertEquals(0, run.exitCode(), run::tail);
    recording = Recording.read(dir.resolve("recording"));
    try (Connection c = pg.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT kind, n FROM probe_rows ORDER BY n")) {
      rows = new java.util.HashMap<>();
      while (rs.next()) {
        rows.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getLong(2));
      }
    }
  }

  private static List<RequestRecord> records(String operation) {
    Catalog catalog = recording.catalog();
    return recording.records().stream()
        .filter(r -> catalog.operationById(r.operation()).name().equals(operation))
        .toList();
  }

  @Test
  void everyFedRequestGotItsOwnRecordInOrderAndNoneWasLost() throws Exception {
    for (String op : List.of("loop_insert", "repeat_insert")) {
      List<RequestRecord> requests = records(op);
      long first = op.equals("loop_insert") ? 0 : 1_000_000;
      // the feeder counts up from `first`: n requests drew exactly first..first+n-1
      List<Long> expectedOk = new ArrayList<>();
      long failures = 0;
      for (long n = first; n < first + requests.size(); n++) {
        if (n % 7 == 0) {
          failures++;
        } else {
          expectedOk.add(n);
        }
      }
      assertEquals(expectedOk, rows.get(op), op + ": the numbers the requests inserted");
      assertEquals(
          expectedOk,
          new ArrayList<>(
              requests.stream()
                  .filter(RequestRecord::ok)
                  .map(RequestRecord::detail)
                  .collect(Collectors.toCollection(TreeSet::new))),
          op + ": the numbers the OK records carry");
      List<RequestRecord> failed = requests.stream().filter(r -> !r.ok()).toList();
      assertEquals(failures, failed.size(), op + ": one failure per multiple of 7");
      for (RequestRecord r : failed) {
        assertEquals("22012", r.sqlState());
        assertEquals(ErrorClass.OTHER, r.errorClass());
      }
    }
    assertEquals(
        "0",
        Files.readString(dir.resolve("feeder-overlaps")),
        "calls that entered a feeder while another was inside it");
  }

  @Test
  void gatlingsRepeatRunsAFedStepExactlyAsOftenAsAsked() {
    assertEquals(2 * 50, records("repeat_insert").size());
  }

  @Test
  void theClosedLoopRunsUntilItsConditionTurnsFalseThenTheUserGoesOn() {
    List<RequestRecord> loop = records("loop_insert");
    List<RequestRecord> done = records("done");
    // three users, each looping for about LOOP_MILLIS, many requests each on a local server
    assertTrue(loop.size() > 300, "loop requests: " + loop.size());
    assertEquals(3, done.size());
    assertTrue(done.stream().allMatch(RequestRecord::ok));
    long firstStart = loop.stream().mapToLong(RequestRecord::startMicros).min().orElseThrow();
    long lastLoopStart = loop.stream().mapToLong(RequestRecord::startMicros).max().orElseThrow();
    long firstDone = done.stream().mapToLong(RequestRecord::startMicros).min().orElseThrow();
    long loopMicros = lastLoopStart - firstStart;
    assertTrue(
        loopMicros > LOOP_MILLIS * 1000 / 2 && loopMicros < LOOP_MILLIS * 1000 * 3,
        "the loop ran for about the stopper's time, not " + loopMicros + " µs");
    assertTrue(firstDone > firstStart, "the next step starts after the loop");
    // each user leaves the loop before its done step: no loop request starts after the last done
    long lastDone = done.stream().mapToLong(RequestRecord::startMicros).max().orElseThrow();
    assertTrue(lastLoopStart < lastDone);
  }

  @Test
  void theFailuresWentToGatlingsStatsToo() {
    long failed = recording.records().stream().filter(r -> !r.ok()).count();
    java.util.regex.Matcher errors =
        java.util.regex.Pattern.compile("> OTHER: ERROR: division by zero\\s+([\\d,]+)")
            .matcher(run.output());
    assertTrue(errors.find(), run::tail);
    assertEquals(
        failed,
        Long.parseLong(errors.group(1).replace(",", "")),
        "KOs in Gatling's console summary");
  }

  @Test
  void aSimulationWithoutTheProtocolIsToldWhatToAdd(@TempDir Path results) throws Exception {
    GatlingRun forgot =
        GatlingRun.run(
            NoProtocolSimulation.class,
            results,
            List.of(
                "-Dprobe.url=" + ScratchPostgres.get().jdbcUrl(),
                "-Dprobe.password=" + ScratchPostgres.PASSWORD));
    assertTrue(forgot.exitCode() != 0, forgot::tail);
    assertTrue(
        forgot.output().contains("a sql(...) step needs the run's JDBC protocol"), forgot::tail);
  }
}
