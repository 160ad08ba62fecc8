package io.pgfailover.downtime;

import java.util.List;

/**
 * The verdict of the run against its {@link SloSettings}. Passed (with no violations) when no SLO
 * is set; whether one was set is in the report's settings.
 *
 * @param violations one sentence per violation: which SLO, which endpoint and round, by how much
 */
public record SloResult(boolean passed, List<String> violations) {
  public static final SloResult NOT_SET = new SloResult(true, List.of());

  public SloResult {
    violations = List.copyOf(violations);
  }
}
