package io.pgfailover.downtime;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Small helpers for the report's immutable maps and millisecond figures. */
final class Maps {
  private Maps() {}

  /** An unmodifiable copy that keeps the iteration order (EnumMap order for enum keys). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static <K, V> Map<K, V> frozen(Map<K, V> map) {
    if (map instanceof EnumMap<?, ?> em) {
      return Collections.unmodifiableMap(new EnumMap(em));
    }
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  /** Microseconds as milliseconds, rounded to the microsecond (exact in a double). */
  static double ms(long micros) {
    return micros / 1000.0;
  }

  static double round(double value, int decimals) {
    double scale = Math.pow(10, decimals);
    return Math.round(value * scale) / scale;
  }

  static <K> void increment(Map<K, Long> map, K key) {
    map.merge(key, 1L, Long::sum);
  }
}
