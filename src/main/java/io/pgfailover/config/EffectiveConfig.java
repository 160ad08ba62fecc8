package io.pgfailover.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigValue;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** The effective configuration as flat key = value text, secrets masked. */
final class EffectiveConfig {
  private EffectiveConfig() {}

  static Map<String, String> masked(Config c) {
    Map<String, String> flat = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> e : c.entrySet()) {
      String k = e.getKey();
      boolean secret = k.matches("(?i).*(password|secret|token)(?!-env).*");
      String value = String.valueOf(e.getValue().unwrapped());
      flat.put(
          "failover." + k, secret ? "****" : value.replaceAll("(?i)(password=)[^&]*", "$1****"));
    }
    return new LinkedHashMap<>(flat);
  }
}
