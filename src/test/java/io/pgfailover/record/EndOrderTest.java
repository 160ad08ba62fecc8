package io.pgfailover.record;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EndOrderTest {
  private static final long T0 = 1_796_000_000_000_000L;

  /** Records handed on: end, start, detail (the arrival number). */
  private final List<long[]> out = new ArrayList<>();

  private final EndOrder order =
      new EndOrder(r -> out.add(new long[] {r.endMicros(), r.startMicros(), r.detail()}));
  private final RecordView view = new RecordView();
  private long arrivals;

  private void arrive(long endMicros, long startMicros) {
    view.set(T0 + startMicros, T0 + endMicros, arrivals++, 0, 0, 0, 0, -1);
    order.accept(view);
  }

  @Test
  void recordsUpToASecondLateComeOutInEndThenStartOrderAndTiesKeepTheirOrder() {
    SplittableRandom random = new SplittableRandom(7);
    List<long[]> written = new ArrayList<>();
    for (long end = 0; end < 20_000_000; end += 1_000) {
      long late = random.nextInt(50) == 0 ? random.nextLong(900_000) : 0;
      written.add(new long[] {end, end - 500, end + late}); // end, start, written at
      if (random.nextInt(100) == 0) {
        written.add(new long[] {end, end - 500, end + late}); // a tie on both keys
      }
    }
    written.sort((x, y) -> Long.compare(x[2], y[2]));
    for (long[] w : written) {
      arrive(w[0], w[1]);
    }
    order.finish();
    assertEquals(written.size(), out.size());
    for (int i = 1; i < out.size(); i++) {
      long[] a = out.get(i - 1);
      long[] b = out.get(i);
      boolean inOrder = a[0] < b[0] || (a[0] == b[0] && (a[1] < b[1] || a[2] < b[2]));
      assertEquals(true, inOrder, "at " + i);
    }
    assertEquals(0, order.beyondBound());
  }

  @Test
  void aRecordLaterThanTheBoundIsHandedOnWhereItArrivesAndCounted() {
    for (long end = 0; end < 3_000_000; end += 10_000) {
      arrive(end, end - 100);
    }
    arrive(500_000, 400_000); // 2.5 s after the record that ended latest
    order.finish();
    assertEquals(1, order.beyondBound());
    assertEquals(301, out.size());
    assertEquals(2_490_000, order.maxLateMicros());
  }
}
