package io.pgfailover.downtime;

import com.fasterxml.jackson.annotation.JsonValue;
import io.pgfailover.record.Labels;
import java.util.Locale;

/**
 * How a run ended, for CI: each outcome has its own exit status and its own last line. The one
 * declaration of these statuses; README's "Exit status" table copies it.
 *
 * <p>Statuses 1 and 2 are left out on purpose: 1 is a crash (Gatling's own, or the JVM's), and the
 * Gatling Maven plugin reads a fork's status 2 as "Gatling simulation assertions failed". 130 is
 * what a shell reports for Ctrl-C (128 + SIGINT).
 */
public enum Verdict {
  PASSED(0, "every check passed"),
  SLO_MISSED(3, "the run missed an SLO (failover.slo.*)"),
  UNVERIFIED(
      4,
      "the lost-write check could not run: the heartbeat rows were not read from the"
          + " final primary, so lost acknowledged writes are unknown"),
  REFUSED(5, "bad input, refused before any load"),
  INTERRUPTED(130, "the run was interrupted before its end; the figures cover it until then");

  private final int exitStatus;
  private final String meaning;

  Verdict(int exitStatus, String meaning) {
    this.exitStatus = exitStatus;
    this.meaning = meaning;
  }

  public int exitStatus() {
    return exitStatus;
  }

  public String meaning() {
    return meaning;
  }

  /** The name in failover.json and in the last line: {@code slo-missed}. */
  @JsonValue
  public String label() {
    return Labels.of(this);
  }

  /** The last line a run prints, e.g. {@code failover: SLO-MISSED (exit status 3): the run ...}. */
  public String lastLine() {
    return "failover: "
        + label().toUpperCase(Locale.ROOT)
        + " (exit status "
        + exitStatus
        + "): "
        + meaning;
  }

  /**
   * The verdict of an analysed run. An interrupt outranks everything (no figure is final); a missed
   * SLO outranks an unverified heartbeat, since it is a definite failure.
   */
  public static Verdict of(DowntimeReport report) {
    if (report.interrupted()) {
      return INTERRUPTED;
    }
    if (!report.slo().passed()) {
      return SLO_MISSED;
    }
    if (report.heartbeat().values().stream().anyMatch(h -> !h.verified())) {
      return UNVERIFIED;
    }
    return PASSED;
  }
}
