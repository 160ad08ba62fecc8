package io.pgfailover.downtime;

import io.pgfailover.downtime.HeartbeatRows.ServerTimes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Lost and indeterminate heartbeat writes of one endpoint (DESIGN.md section 2), from its heartbeat
 * records as they stream by: two bits per sequence (attempted, acknowledged), whatever the order. A
 * sequence is acked when any of its attempts succeeded, failed when all of them failed.
 */
final class HeartbeatVerifier {
  private final SeqBits attempted = new SeqBits();
  private final SeqBits acked = new SeqBits();
  private HeartbeatCheck check;
  private SeqBits flagged; // lost or indeterminate, once verified
  private final Map<Long, Long> flaggedEndMicros = new HashMap<>();

  /** One heartbeat attempt ({@code seq} is the record's detail). */
  void attempt(long seq, boolean ok) {
    attempted.add(seq);
    if (ok) {
      acked.add(seq);
    }
  }

  boolean isEmpty() {
    return attempted.isEmpty();
  }

  /**
   * Checks the attempts against the endpoint's rows on the final primary.
   *
   * @param rows null when they were not read: only the client side is known
   */
  HeartbeatCheck verify(@Nullable ServerTimes rows) {
    long writes = attempted.cardinality();
    long ackedCount = acked.cardinality();
    long failed = writes - ackedCount;
    if (rows == null) {
      check =
          new HeartbeatCheck(
              false,
              writes,
              ackedCount,
              failed,
              null,
              null,
              null,
              null,
              List.of(),
              List.of(),
              null,
              null,
              null,
              null);
      return check;
    }
    List<Long> lost = new ArrayList<>();
    List<Long> indeterminate = new ArrayList<>();
    long[] failedAbsent = new long[1];
    flagged = new SeqBits();
    attempted.forEach(
        seq -> {
          boolean ok = acked.contains(seq);
          boolean onPrimary = rows.contains(seq);
          if (ok && !onPrimary) {
            lost.add(seq);
            flagged.add(seq);
          } else if (!ok && onPrimary) {
            indeterminate.add(seq);
            flagged.add(seq);
          } else if (!ok) {
            failedAbsent[0]++;
          }
        });
    long[] unmatched = new long[1];
    rows.forEachSeq(
        seq -> {
          if (!attempted.contains(seq)) {
            unmatched[0]++;
          }
        });
    long rowsOnPrimary = rows.size();
    long[] serverMicros = rows.drainSortedTimes(); // the last use of the rows
    Double gapMs = null;
    Long gapStart = null;
    Long gapEnd = null;
    for (int i = 1; i < serverMicros.length; i++) {
      long gap = serverMicros[i] - serverMicros[i - 1];
      if (gapStart == null || gap > gapEnd - gapStart) {
        gapStart = serverMicros[i - 1];
        gapEnd = serverMicros[i];
        gapMs = Maps.ms(gap);
      }
    }
    check =
        new HeartbeatCheck(
            true,
            writes,
            ackedCount,
            failed,
            (long) lost.size(),
            (long) indeterminate.size(),
            failedAbsent[0],
            unmatched[0],
            lost,
            indeterminate,
            rowsOnPrimary,
            gapMs,
            gapStart,
            gapEnd);
    return check;
  }

  /** What {@link #verify} found; null before. */
  HeartbeatCheck check() {
    return check;
  }

  /** Second pass, after {@link #verify}: when each lost or indeterminate write's attempt ended. */
  void attemptEnded(long seq, long endMicros) {
    if (flagged != null && flagged.contains(seq)) {
      flaggedEndMicros.merge(seq, endMicros, Math::max);
    }
  }

  /** Lost and indeterminate sequences -> completion of their last attempt (for the rounds). */
  Map<Long, Long> flaggedEndMicros() {
    return flaggedEndMicros;
  }
}
