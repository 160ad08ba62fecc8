package io.pgfailover.downtime;

import io.pgfailover.record.HeartbeatRow;
import io.pgfailover.record.RequestRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Lost and indeterminate heartbeat writes of one endpoint (DESIGN.md section 2). Pure. */
final class HeartbeatVerifier {
  private HeartbeatVerifier() {}

  /**
   * @param heartbeats the endpoint's heartbeat records ({@code detail} = sequence number)
   * @param rows the endpoint's rows on the final primary, or null when they were not read
   */
  static HeartbeatCheck verify(List<RequestRecord> heartbeats, List<HeartbeatRow> rows) {
    // A sequence is acked when any of its attempts succeeded; failed when all of them failed.
    Map<Long, Boolean> ackedBySeq = new TreeMap<>();
    for (RequestRecord r : heartbeats) {
      ackedBySeq.merge(r.detail(), r.ok(), Boolean::logicalOr);
    }
    long acked = ackedBySeq.values().stream().filter(ok -> ok).count();
    long failed = ackedBySeq.size() - acked;
    if (rows == null) {
      return new HeartbeatCheck(
          false,
          ackedBySeq.size(),
          acked,
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
    }
    Map<Long, Long> present = new TreeMap<>();
    for (HeartbeatRow row : rows) {
      present.merge(row.seq(), row.serverEpochMicros(), Math::min);
    }
    List<Long> lost = new ArrayList<>();
    List<Long> indeterminate = new ArrayList<>();
    long failedAbsent = 0;
    for (Map.Entry<Long, Boolean> e : ackedBySeq.entrySet()) {
      boolean onPrimary = present.containsKey(e.getKey());
      if (e.getValue() && !onPrimary) {
        lost.add(e.getKey());
      } else if (!e.getValue() && onPrimary) {
        indeterminate.add(e.getKey());
      } else if (!e.getValue()) {
        failedAbsent++;
      }
    }
    long unmatched = present.keySet().stream().filter(seq -> !ackedBySeq.containsKey(seq)).count();
    long[] serverMicros = present.values().stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(serverMicros);
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
    return new HeartbeatCheck(
        true,
        ackedBySeq.size(),
        acked,
        failed,
        (long) lost.size(),
        (long) indeterminate.size(),
        failedAbsent,
        unmatched,
        lost,
        indeterminate,
        (long) present.size(),
        gapMs,
        gapStart,
        gapEnd);
  }
}
