package io.pgfailover.workload.tpcb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pgfailover.record.OperationKind;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class PgbenchScriptTest {

  @Test
  void builtinTpcbLikeIsPgbenchsScript() {
    PgbenchScript s = PgbenchScript.builtin("tpcb-like");
    assertEquals(OperationKind.TRANSACTION, s.kind());
    assertEquals(List.of("scale", "aid", "bid", "tid", "delta"), s.variables());
    List<Statement> st = s.statements();
    assertEquals(7, st.size());
    assertEquals(Statement.Type.BEGIN, st.get(0).type());
    assertEquals(
        "UPDATE pgbench_accounts SET abalance = abalance + ? WHERE aid = ?", st.get(1).sql());
    assertEquals(List.of("delta", "aid"), st.get(1).parameters());
    assertEquals(List.of("tid", "bid", "aid", "delta"), st.get(5).parameters());
    assertEquals(Statement.Type.COMMIT, st.get(6).type());
    assertEquals(OperationKind.READ, PgbenchScript.builtin("select-only").kind());
    assertEquals(5, PgbenchScript.builtin("simple-update").statements().size());
  }

  @Test
  void feederDrawsTpcbRangesUniformly() {
    ScriptFeeder feeder = new ScriptFeeder(PgbenchScript.builtin("tpcb-like"), 3);
    long[] bidCounts = new long[4];
    long minDelta = Long.MAX_VALUE;
    long maxDelta = Long.MIN_VALUE;
    // 200 000 draws: the chance that -5000 or 5000 (1 in 10 001 each) is never drawn is e^-20;
    // with 30 000 it was e^-3, and CI hit it
    for (int i = 0; i < 200_000; i++) {
      Map<String, Object> v = feeder.next();
      long aid = (Long) v.get("aid");
      long tid = (Long) v.get("tid");
      long delta = (Long) v.get("delta");
      assertTrue(aid >= 1 && aid <= 300_000, "aid " + aid);
      assertTrue(tid >= 1 && tid <= 30, "tid " + tid);
      bidCounts[(int) (long) (Long) v.get("bid")]++;
      minDelta = Math.min(minDelta, delta);
      maxDelta = Math.max(maxDelta, delta);
      assertEquals(3L, v.get("scale"));
    }
    assertEquals(0, bidCounts[0]);
    for (int b = 1; b <= 3; b++) {
      // expected 66 667 each, standard deviation 211
      assertTrue(Math.abs(bidCounts[b] - 66_667) < 1_500, "bid " + b + ": " + bidCounts[b]);
    }
    assertEquals(-5000, minDelta);
    assertEquals(5000, maxDelta);
  }

  @Test
  void customScriptWithArithmeticVariablesAndSeveralStatements() {
    String text =
        """
        -- my own script
        \\set n 10 * :scale + 7 % 4 - -2
        \\set half :n / 2
        \\set d :n / 4.0
        \\set g int(greatest(1, least(:half, 3)) * 2.5)
        \\set a abs(-3) + \\
              int(sqrt(16))
        BEGIN;
        UPDATE t SET x = x + :n WHERE id = :half; SELECT :d::numeric,
          'a :literal' AS s;
        END;
        INSERT INTO log VALUES (:g, :a)
        """;
    PgbenchScript s = PgbenchScript.parse("mine", text);
    assertEquals(OperationKind.TRANSACTION, s.kind());
    assertEquals(5, s.statements().size());
    assertEquals("SELECT ?::numeric,\n  'a :literal' AS s", s.statements().get(2).sql());
    assertEquals(List.of("d"), s.statements().get(2).parameters());
    assertEquals("INSERT INTO log VALUES (?, ?)", s.statements().get(4).sql());
    Map<String, Object> v = new ScriptFeeder(s, 2).next();
    assertEquals(25L, v.get("n")); // 20 + 3 + 2
    assertEquals(12L, v.get("half"));
    assertEquals(6.25, v.get("d"));
    assertEquals(7L, v.get("g")); // int(3 * 2.5)
    assertEquals(7L, v.get("a"));
  }

  @Test
  void gaussianAndExponentialStayInRangeWithTheirShape() {
    PgbenchScript s =
        PgbenchScript.parse(
            "dist",
            """
        \\set g random_gaussian(1, 100, 5.0)
        \\set e random_exponential(1, 100, 5.0)
        SELECT :g, :e;
        """);
    ScriptFeeder feeder = new ScriptFeeder(s, 1);
    int gMiddle = 0;
    int eLow = 0;
    int n = 20_000;
    for (int i = 0; i < n; i++) {
      Map<String, Object> v = feeder.next();
      long g = (Long) v.get("g");
      long e = (Long) v.get("e");
      assertTrue(g >= 1 && g <= 100 && e >= 1 && e <= 100, g + " " + e);
      gMiddle += (g >= 41 && g <= 60) ? 1 : 0;
      eLow += e <= 14 ? 1 : 0;
    }
    // pgbench's docs: with parameter 5.0, the middle 20% hold ~68% (1 stdev) of the draws, and an
    // exponential with parameter 5.0 puts 1 - e^-0.7 (~50%) in the first 14%
    assertTrue(Math.abs(gMiddle / (double) n - 0.683) < 0.03, "gaussian middle " + gMiddle);
    assertTrue(Math.abs(eLow / (double) n - 0.50) < 0.03, "exponential low " + eLow);
    assertEquals(OperationKind.READ, s.kind());
  }

  @Test
  void badScriptsAreRefusedWithTheLine() {
    assertTrue(fails("\\set a random(1, 10)\nSELECT :b;").contains("line 2"));
    assertTrue(fails("\\sleep 10ms\nSELECT 1;").contains("\\sleep is not supported"));
    assertTrue(fails("BEGIN;\nSELECT 1;").contains("BEGIN without END"));
    assertTrue(fails("SELECT 1;\nEND;").contains("without BEGIN"));
    assertTrue(fails("\\set a foo(1)\nSELECT 1;").contains("unknown function foo()"));
    assertTrue(fails("\\set a (1 + 2\nSELECT 1;").contains("')' expected"));
    assertTrue(fails("-- nothing\n").contains("no SQL command"));
    ScriptFeeder zero = new ScriptFeeder(PgbenchScript.parse("z", "\\set a 1 / 0\nSELECT :a;"), 1);
    ScriptException e = assertThrows(ScriptException.class, zero::next);
    assertTrue(e.getMessage().contains("division by zero"), e.getMessage());
    ScriptFeeder empty =
        new ScriptFeeder(PgbenchScript.parse("r", "\\set a random(5, 1)\nSELECT :a;"), 1);
    assertThrows(ScriptException.class, empty::next);
  }

  private static String fails(String text) {
    return assertThrows(ScriptException.class, () -> PgbenchScript.parse("s", text)).getMessage();
  }

  @Test
  void uniformCoversBothBounds() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    boolean lo = false;
    boolean hi = false;
    for (int i = 0; i < 1000; i++) {
      long x = Functions.uniform(r, -1, 1);
      assertTrue(x >= -1 && x <= 1);
      lo |= x == -1;
      hi |= x == 1;
    }
    assertTrue(lo && hi);
  }
}
