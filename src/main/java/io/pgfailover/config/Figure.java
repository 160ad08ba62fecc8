package io.pgfailover.config;

import com.fasterxml.jackson.annotation.JsonValue;
import io.pgfailover.record.Labels;

/**
 * The two downtime figures of an endpoint (DESIGN.md section 2), from one window algorithm on
 * different records. The closed set is declared here once: JSON, settings and console spell it with
 * {@link #label()}.
 */
public enum Figure {
  /** From the endpoint's probe: one connection of its own, reopened at once after any error. */
  PATH,
  /** From the pooled workload (business or TPC-B): what the client stack adds is in it. */
  WORKLOAD;

  @JsonValue
  public String label() {
    return Labels.of(this);
  }

  /** The figure a label names, or null when it names none. */
  public static Figure ofLabel(String label) {
    return Labels.parse(Figure.class, label).orElse(null);
  }
}
