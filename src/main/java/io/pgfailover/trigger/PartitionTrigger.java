package io.pgfailover.trigger;

import io.pgfailover.config.SettingsException;
import io.pgfailover.config.TriggerKind;
import io.pgfailover.lifecycle.ExitSequence;
import io.pgfailover.patroni.PatroniCluster;
import io.pgfailover.patroni.PatroniRest;
import io.pgfailover.record.EventName;
import io.pgfailover.record.FailoverEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A silent network fault on the primary for {@code duration}, then healed: its packets are dropped
 * (see {@link LocalNetwork.Cut}), so nobody gets an RST or an ICMP error and every peer waits on
 * its own timeouts. The three kinds:
 *
 * <ul>
 *   <li>{@code partition-primary}: the node is cut off from everything. Its Patroni cannot renew
 *       the leader key and demotes PostgreSQL; a replica takes the key after the ttl; after the
 *       heal the old primary rejoins (pg_rewind).
 *   <li>{@code partition-clients}: only clients and proxies lose it; the cluster still sees a
 *       healthy primary and does not fail over. A pure client outage: its length is the client's
 *       and the proxies' timeouts, then the heal.
 *   <li>{@code partition-dcs}: only its link to etcd is cut: it demotes itself like a cut node,
 *       while clients still reach it (and get read-only errors).
 * </ul>
 *
 * <p>Events: {@code asked}, {@code partitioned}, {@code primary-demoted} (partition-dcs, where the
 * node's own API still answers), {@code new-primary-seen} if another member leads, {@code
 * partition-healed}, then the aftermath of {@link FaultAftermath}. The heal is registered at the
 * exit sequence's heal step before the first packet is dropped, and runs in {@code finally}.
 */
public final class PartitionTrigger implements Trigger {
  private static final Logger LOG = LoggerFactory.getLogger(PartitionTrigger.class);

  private final TriggerKind kind;
  private final LocalNetwork.Cut cut;
  private final PatroniRest rest;
  private final PatroniCluster.MemberProcesses processes;
  private final LocalNetwork network;
  private final Duration duration;

  /**
   * @param kind partition-primary, partition-clients or partition-dcs
   * @param duration how long the packets are dropped
   */
  public PartitionTrigger(
      TriggerKind kind, PatroniCluster cluster, LocalNetwork network, Duration duration) {
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive: " + duration);
    }
    this.kind = kind;
    this.cut =
        switch (kind) {
          case PARTITION_PRIMARY -> LocalNetwork.Cut.NODE;
          case PARTITION_CLIENTS -> LocalNetwork.Cut.CLIENTS;
          case PARTITION_DCS -> LocalNetwork.Cut.DCS;
          default -> throw new IllegalArgumentException(kind + " is not a partition");
        };
    // Short reads: a cut member's API never answers, and the watch must move on to the others.
    this.rest = new PatroniRest(cluster.restUrls(), Duration.ofMillis(500));
    this.processes = cluster.processes();
    this.network = network;
    this.duration = duration;
  }

  @Override
  public String kind() {
    return kind.label();
  }

  @Override
  public void preflight() {
    check();
  }

  private FailoverWatch.Before check() {
    FailoverWatch.Before before = LocalMembers.check(rest, processes, kind());
    network
        .unavailable(before.leader().name())
        .ifPresent(
            why -> {
              throw new SettingsException(
                  FailoverWatch.SETTING, "Trigger " + kind() + " cannot cut the network: " + why);
            });
    return before;
  }

  @Override
  public void fire(Consumer<FailoverEvent> events, Duration deadline) throws Exception {
    long deadlineNanos = System.nanoTime() + deadline.toNanos();
    FailoverWatch.Before before = check();
    String victim = before.leader().name();
    events.accept(
        FailoverEvent.now(
            EventName.ASKED,
            kind() + " on " + victim + " for " + duration.toMillis() + " ms, then healed"));
    FaultAftermath aftermath = new FaultAftermath(rest, victim);
    DemotionWatch demotion = new DemotionWatch(rest, before.leader());
    try (ExitSequence.Registration atExit =
        ExitSequence.at(ExitSequence.Step.HEAL, "heal " + kind(), this::healQuietly)) {
      try {
        String what = network.cut(cut, victim);
        events.accept(FailoverEvent.now(EventName.PARTITIONED, "dropping " + what));
        long healAtNanos = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() - Math.min(healAtNanos, deadlineNanos) < 0) {
          aftermath.pollOnce(events);
          if (cut == LocalNetwork.Cut.DCS) {
            demotion.pollOnce(events); // the only cut that leaves its API reachable
          }
          FailoverWatch.sleep(FailoverWatch.POLL_MS);
        }
      } finally {
        int healed = network.healAll();
        events.accept(
            FailoverEvent.now(
                EventName.PARTITION_HEALED,
                healed + " drop rules removed: " + victim + " reachable again"));
      }
    }
    aftermath.follow(before.leader().timeline(), keptLeader(victim), deadlineNanos, events);
  }

  /** Why the victim may have kept the leader key, for {@code no-failover}. */
  private String keptLeader(String victim) {
    return victim
        + " kept the leader key: "
        + switch (cut) {
          case NODE -> "the cut was shorter than Patroni's ttl";
          case CLIENTS -> "the cluster still saw it, only clients were cut";
          case DCS -> "failsafe_mode let it go on, or the cut was shorter than Patroni's ttl";
        };
  }

  private void healQuietly() {
    try {
      if (network.healAll() > 0) {
        LOG.warn("{}: removed the network cut (cleanup)", kind());
      }
    } catch (IOException e) {
      LOG.error(
          "{}: could not remove the network cut: {}; bin/lab up or bin/lab down removes it",
          kind(),
          e.getMessage());
    }
  }
}
