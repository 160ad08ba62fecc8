package io.pgfailover.record;

import java.util.Optional;

/**
 * The names of the timeline's events ({@code events.tsv}, {@code trigger.events[]} in
 * failover.json): the one declaration of the set. The analysis reads the run's phases and rounds
 * from the first group; the others are what triggers, the cluster and DNS reported.
 */
public enum EventName {
  // the run's phases (run control)
  LOAD_START,
  MEASURE_START,
  FAILOVER_START,
  ALL_RECOVERED,
  RECOVERY_TIMEOUT,
  CLUSTER_SETTLED,
  CLUSTER_NOT_SETTLED,
  TRIGGER_FAILED,
  LOAD_STOP,
  INTERRUPTED,
  // any trigger
  ASKED,
  RETURNED,
  NEW_PRIMARY_SEEN,
  NO_FAILOVER,
  NO_FAULT,
  // Patroni, as the triggers watch it
  TIMELINE,
  PATRONI_HISTORY,
  PRIMARY_RESTARTED,
  OLD_PRIMARY_DEMOTED,
  OLD_PRIMARY_REJOINED,
  OLD_PRIMARY_RETOOK_LEADERSHIP,
  MEMBER_RESTARTED,
  MEMBER_STREAMING,
  // signals to lab processes
  KILLED,
  FROZEN,
  THAWED,
  RESTARTED,
  ACCEPTING_CONNECTIONS,
  // network cuts (packets dropped) and the DCS
  PARTITIONED,
  PARTITION_HEALED,
  PRIMARY_DEMOTED,
  LEADER_RESUMED,
  // the manual trigger
  CHANGE_SEEN,
  PROBE_FAILED,
  // AWS RDS
  CLUSTER_STATUS,
  CLUSTER_AVAILABLE,
  INSTANCE_STATUS,
  INSTANCE_AVAILABLE,
  RDS_EVENT,
  BLUE_GREEN_STATUS,
  // DNS
  DNS,
  DNS_CHANGE;

  /** As written in events.tsv and failover.json: {@code new-primary-seen}. */
  public String label() {
    return Labels.of(this);
  }

  public static Optional<EventName> ofLabel(String label) {
    return Labels.parse(EventName.class, label);
  }

  @Override
  public String toString() {
    return label();
  }
}
