package io.pgfailover.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * pgbench's built-in scripts, as {@code failover.workload.tpcb.mode} and pgbench's {@code -b} spell
 * them: the one declaration of the set ({@code PgbenchScript.builtin} holds their text).
 */
public enum TpcbMode {
  TPCB_LIKE,
  SIMPLE_UPDATE,
  SELECT_ONLY;

  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public static Optional<TpcbMode> ofLabel(String label) {
    return Arrays.stream(values()).filter(m -> m.label().equals(label)).findFirst();
  }

  public static List<String> labels() {
    return Arrays.stream(values()).map(TpcbMode::label).toList();
  }

  @Override
  public String toString() {
    return label();
  }
}
