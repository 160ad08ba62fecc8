package io.pgfailover.downtime;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a downtime window was (issue 9). The headline downtime of a failover is its outage; a window
 * without any failed request that is not the trigger's own outage is a stall (on the lab: the new
 * primary's WAL segment switches, see README), reported apart so it does not inflate the outage.
 */
public enum WindowKind {
  /**
   * The first window of a failover round that ends after the trigger was asked (and starts before
   * the cluster settled), or any window that holds a failed request.
   */
  OUTAGE,
  /** Any other window: nothing failed, requests only waited longer than the gap threshold. */
  STALL;

  @JsonValue
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
