package io.pgfailover.downtime;

import java.util.List;

/**
 * The verdict of the run against its {@link SloSettings}. Passed (with no violations) when no SLO
 * is set; whether one was set is in the report's settings.
 *
 * @param violations one sentence per violation: which SLO, which endpoint and round, by how much
 * @param checks every SLO on every endpoint (and round), passed, missed or unchecked: the test
 *     cases of the JUnit file
 */
public record SloResult(boolean passed, List<String> violations, List<SloCheck> checks) {
  public static final SloResult NOT_SET = new SloResult(true, List.of(), List.of());

  public SloResult {
    violations = List.copyOf(violations);
    checks = List.copyOf(checks);
  }

  /** Passed when no check was missed; the violations are the missed checks' sentences. */
  static SloResult of(List<SloCheck> checks) {
    List<String> violations =
        checks.stream()
            .filter(c -> c.status() == SloCheck.Status.MISSED)
            .map(SloCheck::detail)
            .toList();
    return new SloResult(violations.isEmpty(), violations, checks);
  }
}
