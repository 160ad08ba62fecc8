package io.pgfailover.downtime;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What the report says about the run besides the figures. Immutable.
 *
 * @param configuration effective configuration, secrets already masked by whoever wrote it
 */
public record RunInfo(
    @Nullable String runId, @Nullable String simulation, Map<String, String> configuration) {
  public static final RunInfo NONE = new RunInfo(null, null, Map.of());

  public RunInfo {
    configuration = Collections.unmodifiableMap(new TreeMap<>(configuration));
  }
}
