package io.pgfailover.downtime;

import com.fasterxml.jackson.annotation.JsonValue;
import io.pgfailover.record.Labels;
import org.jspecify.annotations.Nullable;

/**
 * One SLO checked on one endpoint, in one round for the downtime SLO: what a CI test case shows.
 * Immutable.
 *
 * @param slo the SLO as the configuration spells it, e.g. {@code failover.slo.max-downtime}
 * @param round the round's index for a per-round SLO, null for one over the whole run
 * @param roundKind that round's trigger kind, null when none or not per round
 * @param detail the violation sentence when missed (as in {@link SloResult#violations()}), the
 *     measured figure against the limit when passed, why it could not be checked otherwise
 */
public record SloCheck(
    String slo,
    String endpoint,
    @Nullable Integer round,
    @Nullable String roundKind,
    Status status,
    String detail) {

  /** The outcome of one check. */
  public enum Status {
    PASSED,
    MISSED,
    /** The figure is unknown, e.g. heartbeat rows that could not be read: no pass, no miss. */
    UNCHECKED;

    @JsonValue
    public String label() {
      return Labels.of(this);
    }
  }
}
