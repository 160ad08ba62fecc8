package io.pgfailover.downtime;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Lost-write verification of one endpoint's heartbeat writes against the rows found on the final
 * primary (DESIGN.md section 2). When no rows were read ({@code verified == false}) only the client
 * side is known and the server-side figures are null.
 *
 * @param writes heartbeat requests recorded (distinct sequence numbers)
 * @param acked writes the client saw committed
 * @param failed writes the client saw fail
 * @param lost acked but absent on the final primary
 * @param indeterminate failed on the client, yet present on the final primary
 * @param failedAbsent failed and absent: failures that did no harm
 * @param unmatchedRows rows on the primary with no matching record (e.g. a crash lost records)
 * @param lostSeqs sequence numbers of the lost writes, ascending
 * @param indeterminateSeqs sequence numbers of the indeterminate writes, ascending
 * @param rowsOnPrimary rows of this endpoint found on the final primary
 * @param serverWriteGapMs largest gap between consecutive server timestamps of present rows
 */
@JsonPropertyOrder({"verified", "writes", "acked", "lost", "indeterminate"})
public record HeartbeatCheck(
    boolean verified,
    long writes,
    long acked,
    long failed,
    @Nullable Long lost,
    @Nullable Long indeterminate,
    @Nullable Long failedAbsent,
    @Nullable Long unmatchedRows,
    List<Long> lostSeqs,
    List<Long> indeterminateSeqs,
    @Nullable Long rowsOnPrimary,
    @Nullable Double serverWriteGapMs,
    @Nullable Long serverGapStartEpochMicros,
    @Nullable Long serverGapEndEpochMicros) {

  public HeartbeatCheck {
    lostSeqs = List.copyOf(lostSeqs);
    indeterminateSeqs = List.copyOf(indeterminateSeqs);
  }
}
