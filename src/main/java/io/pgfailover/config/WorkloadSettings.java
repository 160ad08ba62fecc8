package io.pgfailover.config;

import java.time.Duration;

/** Which workloads run on every endpoint, and how hard ({@code failover.workload.*}). */
public record WorkloadSettings(
    boolean businessEnabled,
    int businessUsersPerEndpoint,
    Duration businessPace,
    int readWeight,
    int writeWeight,
    int transactionWeight,
    int userRows,
    int productRows,
    int orderRows,
    int logRows,
    boolean heartbeatEnabled,
    Duration heartbeatInterval,
    Tpcb tpcb) {

  /** Name of the TPC-B main workload; the TPC-B workload takes its name from here. */
  public static final String TPCB = "tpcb";

  /**
   * {@code failover.workload.tpcb.*}: pgbench's scale factor, clients per endpoint, built-in mode
   * (tpcb-like, simple-update, select-only) or a custom script path ("" = none), and the pace of
   * each client (zero: as fast as possible).
   */
  public record Tpcb(
      int scale, int clientsPerEndpoint, TpcbMode mode, String script, Duration pace) {}

  /** How the main workload of a run is driven: on or off, users per endpoint, pace (zero: none). */
  public record MainLoad(boolean enabled, int usersPerEndpoint, Duration pace) {}

  /** The users and pace of the main workload named {@code workload} (business or tpcb). */
  public MainLoad mainLoad(String workload) {
    return TPCB.equals(workload)
        ? new MainLoad(true, tpcb.clientsPerEndpoint(), tpcb.pace())
        : new MainLoad(businessEnabled, businessUsersPerEndpoint, businessPace);
  }
}
