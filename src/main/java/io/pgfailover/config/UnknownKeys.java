package io.pgfailover.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The check that every {@code failover.*} key given is one the tool knows, with a suggestion. */
final class UnknownKeys {
  private UnknownKeys() {}

  /**
   * Throws for the first key of {@code actual} that {@code reference} does not have, naming the
   * closest known key. Endpoints (free names) and {@code metaKeys} are not checked here.
   */
  static void check(Config actual, Config reference, Set<String> metaKeys) {
    Set<String> known = new TreeSet<>();
    for (Map.Entry<String, ConfigValue> e : reference.entrySet()) {
      known.add(e.getKey());
    }
    for (Map.Entry<String, ConfigValue> e : actual.entrySet()) {
      String path = e.getKey();
      if (known.contains(path)
          || path.startsWith("endpoints.")
          || metaKeys.contains(path)
          || isListElement(path, known)) {
        continue;
      }
      throw new SettingsException(
          ConfigValues.key(path),
          "failover."
              + path
              + " is not a "
              + "setting of this tool"
              + closest(path, known, "failover.")
              + ". Check the spelling; "
              + "every setting is listed with its default in src/main/resources/reference.conf.");
    }
  }

  /** -Dfailover.lab-endpoints.0=direct style list elements. */
  private static boolean isListElement(String path, Set<String> known) {
    int dot = path.lastIndexOf('.');
    return dot > 0
        && known.contains(path.substring(0, dot))
        && path.substring(dot + 1).chars().allMatch(Character::isDigit);
  }

  /** " (did you mean <prefix><closest>?)", or "" when nothing is close enough. */
  static String closest(String key, Set<String> candidates, String prefix) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int d = Levenshtein.distance(key, candidate);
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
    return best != null && bestDistance <= Math.max(2, key.length() / 3)
        ? " (did you mean " + prefix + best + "?)"
        : "";
  }
}
