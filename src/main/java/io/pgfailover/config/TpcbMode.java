package io.pgfailover.config;

import io.pgfailover.record.Labels;
import java.util.List;
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
    return Labels.of(this);
  }

  public static Optional<TpcbMode> ofLabel(String label) {
    return Labels.parse(TpcbMode.class, label);
  }

  public static List<String> labels() {
    return Labels.all(TpcbMode.class);
  }

  @Override
  public String toString() {
    return label();
  }
}
