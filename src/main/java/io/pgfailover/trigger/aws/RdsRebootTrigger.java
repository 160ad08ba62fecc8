package io.pgfailover.trigger.aws;

import io.pgfailover.config.AwsSettings;
import io.pgfailover.config.SettingsException;
import io.pgfailover.config.TriggerKind;
import io.pgfailover.record.EventName;
import io.pgfailover.record.FailoverEvent;
import io.pgfailover.record.Outcome;
import io.pgfailover.trigger.Trigger;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.RebootDbInstanceResponse;

/**
 * Reboots a DB instance with {@code RebootDBInstance}, with or without ForceFailover, then follows
 * it with {@code DescribeDBInstances} until it is {@code available} again. A Multi-AZ failover
 * shows as the primary's availability zone changing; with {@code failover.aws.cluster-id} set, the
 * cluster's writer is followed too.
 *
 * <p>Events: {@code asked}, {@code returned}, {@code instance-status} on each status change seen,
 * {@code new-primary-seen} (zone or writer change), {@code instance-available}, then the RDS events
 * of the instance (and cluster) as {@code rds-event}, stamped with RDS's own time.
 */
public final class RdsRebootTrigger implements Trigger {
  public static final String KIND = TriggerKind.RDS_REBOOT.label();
  private static final Logger LOG = LoggerFactory.getLogger(RdsRebootTrigger.class);

  private final AwsSettings settings;
  private final String instanceId;
  private final RdsApi api;

  /** Uses the AWS SDK's default credentials provider chain. */
  public RdsRebootTrigger(AwsSettings settings) {
    this(settings, DefaultCredentialsProvider.builder().build());
  }

  /** Uses {@code credentials} (tests, or a caller with its own provider). */
  public RdsRebootTrigger(AwsSettings settings, AwsCredentialsProvider credentials) {
    if (settings.instanceId() == null) {
      throw new SettingsException(
          AwsSettings.INSTANCE_ID,
          "Trigger "
              + KIND
              + " needs the DB"
              + " instance to reboot: set "
              + AwsSettings.INSTANCE_ID
              + " to its identifier (the name"
              + " shown in the RDS console), not its endpoint.");
    }
    this.settings = settings;
    this.instanceId = settings.instanceId();
    this.api = new RdsApi(KIND, settings, credentials);
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public void preflight() {
    InstanceState state = readyInstance();
    LOG.info("trigger {}: instance {}", KIND, state.describe());
    if (settings.clusterId() != null) {
      LOG.info("trigger {}: cluster {}", KIND, readCluster(state).describe());
    }
  }

  @Override
  public void fire(Consumer<FailoverEvent> events, Duration deadline) throws Exception {
    Deadline end = new Deadline(deadline);
    InstanceState before = readyInstance();
    ClusterState cluster = settings.clusterId() == null ? null : readCluster(before);
    boolean force = settings.forceFailover();
    FailoverEvent asked =
        FailoverEvent.now(
            EventName.ASKED,
            "RebootDBInstance "
                + instanceId
                + (force ? " with ForceFailover" : "")
                + " ("
                + before.describe()
                + ")");
    events.accept(asked);
    try {
      RebootDbInstanceResponse response;
      try {
        response =
            api.client()
                .rebootDBInstance(
                    r ->
                        r.dbInstanceIdentifier(instanceId)
                            .forceFailover(force ? Boolean.TRUE : null));
      } catch (RuntimeException e) {
        events.accept(FailoverEvent.answer(Outcome.FAILED, "error " + RdsFailures.describe(e)));
        throw RdsFailures.refused(KIND, "RebootDBInstance", "DB instance " + instanceId, e);
      }
      String status =
          response.dbInstance() == null
              ? "?"
              : String.valueOf(response.dbInstance().dbInstanceStatus());
      events.accept(FailoverEvent.answer(Outcome.OK, instanceId + " " + status));
      new RebootWatch(before, cluster, status).await(end, events);
    } finally {
      emitRdsEvents(asked.atMicros(), events);
    }
  }

  /** Follows the instance (and cluster) until the reboot, and any failover it causes, is over. */
  private final class RebootWatch {
    private final InstanceState before;
    private final @Nullable ClusterState clusterBefore;

    /** A Multi-AZ instance rebooted with ForceFailover comes back in its standby's zone. */
    private final boolean zoneChangeExpected;

    private boolean rebootSeen;
    private boolean newPrimarySeen;
    private InstanceState last;
    private String lastStatus;

    /** {@code returnedStatus}: the status RebootDBInstance answered, usually "rebooting". */
    RebootWatch(InstanceState before, @Nullable ClusterState cluster, String returnedStatus) {
      this.before = before;
      this.clusterBefore = cluster;
      this.zoneChangeExpected =
          settings.forceFailover() && before.multiAz() && before.clusterId() == null;
      this.rebootSeen = !ClusterState.AVAILABLE.equals(returnedStatus);
      this.last = before;
      this.lastStatus = returnedStatus;
    }

    void await(Deadline end, Consumer<FailoverEvent> events)
        throws InterruptedException, TimeoutException {
      while (!end.passed()) {
        end.sleep(settings.pollInterval());
        InstanceState now =
            poll(() -> InstanceState.of(api.describeInstance(instanceId)), "DescribeDBInstances");
        if (now == null) {
          continue;
        }
        if (!now.status().equals(lastStatus)) {
          events.accept(
              FailoverEvent.now(EventName.INSTANCE_STATUS, lastStatus + " -> " + now.status()));
        }
        last = now;
        lastStatus = now.status();
        rebootSeen |= !now.isAvailable();
        if (!newPrimarySeen && now.zone() != null && !Objects.equals(now.zone(), before.zone())) {
          newPrimarySeen = true;
          events.accept(
              FailoverEvent.now(
                  EventName.NEW_PRIMARY_SEEN,
                  instanceId + " " + before.zone() + " -> " + now.zone()));
        }
        watchWriter(events);
        if (rebootSeen && now.isAvailable() && (newPrimarySeen || !zoneChangeExpected)) {
          events.accept(FailoverEvent.now(EventName.INSTANCE_AVAILABLE, now.describe()));
          return;
        }
      }
      throw new TimeoutException(
          "Trigger "
              + KIND
              + ": "
              + instanceId
              + " was not available"
              + (zoneChangeExpected ? " in its standby's zone" : "")
              + " again before the deadline;"
              + " last seen "
              + last.describe());
    }

    private void watchWriter(Consumer<FailoverEvent> events) {
      if (clusterBefore == null || newPrimarySeen) {
        return;
      }
      ClusterState now =
          poll(
              () -> ClusterState.of(api.describeCluster(clusterBefore.id())), "DescribeDBClusters");
      if (now != null && now.writerChangedFrom(clusterBefore.writer())) {
        newPrimarySeen = true;
        events.accept(
            FailoverEvent.now(
                EventName.NEW_PRIMARY_SEEN, clusterBefore.writer() + " -> " + now.writer()));
      }
    }
  }

  /** One poll; null when the API is throttling or unreachable for now (the loop tries again). */
  private <T> @Nullable T poll(java.util.function.Supplier<T> call, String action) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      if (!RdsApi.isTransient(e)) {
        throw RdsFailures.refused(KIND, action, "DB instance " + instanceId, e);
      }
      LOG.warn("trigger {}: {} failed, polling on: {}", KIND, action, RdsFailures.describe(e));
      return null;
    }
  }

  private void emitRdsEvents(long askedMicros, Consumer<FailoverEvent> events) {
    try {
      int count =
          RdsEvents.emit(
              api.client(), askedMicros, settings.clusterId(), List.of(instanceId), events);
      LOG.info("trigger {}: {} RDS events since asked - {}", KIND, count, RdsEvents.LOOK_BEHIND);
    } catch (RuntimeException e) {
      LOG.warn("trigger {}: could not read RDS events: {}", KIND, RdsFailures.describe(e));
    }
  }

  /** Describes the instance and checks it can be rebooted now; a SettingsException if not. */
  private InstanceState readyInstance() {
    api.checkCredentials();
    InstanceState state;
    try {
      state = InstanceState.of(api.describeInstance(instanceId));
    } catch (DbInstanceNotFoundException e) {
      throw new SettingsException(
          AwsSettings.INSTANCE_ID,
          "Trigger "
              + KIND
              + " found no DB"
              + " instance '"
              + instanceId
              + "' ("
              + RdsFailures.describe(e)
              + "). Set "
              + AwsSettings.INSTANCE_ID
              + " to the instance identifier (not its endpoint), and "
              + AwsSettings.REGION
              + " to the region it is in.",
          e);
    } catch (RuntimeException e) {
      throw RdsFailures.atPreflight(KIND, AwsSettings.INSTANCE_ID, "DB instance " + instanceId, e);
    }
    if (!state.isAvailable()) {
      throw new SettingsException(
          AwsSettings.INSTANCE_ID,
          "Trigger "
              + KIND
              + ": DB instance "
              + instanceId
              + " is "
              + state.status()
              + ", not available, so it cannot be rebooted now."
              + " Wait until its status is available, then start the run again.");
    }
    if (settings.forceFailover() && !state.multiAz() && state.clusterId() == null) {
      throw new SettingsException(
          AwsSettings.FORCE_FAILOVER,
          "Trigger "
              + KIND
              + ": "
              + AwsSettings.FORCE_FAILOVER
              + " = true needs a Multi-AZ instance, and "
              + instanceId
              + " is Single-AZ ("
              + state.describe()
              + "). Set "
              + AwsSettings.FORCE_FAILOVER
              + " = false to measure a plain reboot, or convert the instance to Multi-AZ.");
    }
    return state;
  }

  private ClusterState readCluster(InstanceState instance) {
    String clusterId = settings.clusterId();
    ClusterState cluster;
    try {
      cluster = ClusterState.of(api.describeCluster(clusterId));
    } catch (DbClusterNotFoundException e) {
      throw new SettingsException(
          AwsSettings.CLUSTER_ID,
          "Trigger "
              + KIND
              + " found no DB"
              + " cluster '"
              + clusterId
              + "' ("
              + RdsFailures.describe(e)
              + "). Set "
              + AwsSettings.CLUSTER_ID
              + " to the cluster of "
              + instanceId
              + " or leave it empty.",
          e);
    } catch (RuntimeException e) {
      throw RdsFailures.atPreflight(KIND, AwsSettings.CLUSTER_ID, "DB cluster " + clusterId, e);
    }
    if (!cluster.hasMember(instance.id())) {
      throw new SettingsException(
          AwsSettings.CLUSTER_ID,
          "Trigger "
              + KIND
              + ": DB instance "
              + instanceId
              + " is not a member of DB cluster "
              + clusterId
              + " ("
              + cluster.describe()
              + "). Set "
              + AwsSettings.CLUSTER_ID
              + " to its own cluster ("
              + instance.clusterId()
              + ") or leave it empty.");
    }
    return cluster;
  }

  @Override
  public void close() {
    api.close();
  }
}
