package io.pgfailover.trigger.aws;

import io.pgfailover.config.AwsSettings;
import io.pgfailover.config.SettingsException;
import io.pgfailover.config.TriggerKind;
import io.pgfailover.record.EventName;
import io.pgfailover.record.FailoverEvent;
import io.pgfailover.record.Outcome;
import io.pgfailover.trigger.Trigger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.services.rds.model.DbClusterNotFoundException;
import software.amazon.awssdk.services.rds.model.FailoverDbClusterResponse;

/**
 * Fails over an Aurora (or Multi-AZ DB) cluster with {@code FailoverDBCluster}, then follows the
 * cluster with {@code DescribeDBClusters} every poll interval until another instance writes and the
 * cluster is {@code available} again.
 *
 * <p>Events: {@code asked}, {@code returned} (the old writer), {@code cluster-status} on each
 * status change seen, {@code new-primary-seen} ("old -> new") when the writer changes, {@code
 * cluster-available}, and finally each RDS event of the cluster and its instances as {@code
 * rds-event}, stamped with RDS's own time. The RDS API answers within a second or so, so {@code
 * new-primary-seen} is late by up to one poll interval.
 */
public final class AuroraFailoverTrigger implements Trigger {
  public static final String KIND = TriggerKind.AURORA_FAILOVER.label();
  private static final Logger LOG = LoggerFactory.getLogger(AuroraFailoverTrigger.class);

  private final AwsSettings settings;
  private final String clusterId;
  private final RdsApi api;

  /** Uses the AWS SDK's default credentials provider chain. */
  public AuroraFailoverTrigger(AwsSettings settings) {
    this(settings, DefaultCredentialsProvider.builder().build());
  }

  /** Uses {@code credentials} (tests, or a caller with its own provider). */
  public AuroraFailoverTrigger(AwsSettings settings, AwsCredentialsProvider credentials) {
    if (settings.clusterId() == null) {
      throw new SettingsException(
          AwsSettings.CLUSTER_ID,
          "Trigger "
              + KIND
              + " needs the DB"
              + " cluster to fail over: set "
              + AwsSettings.CLUSTER_ID
              + " to its identifier (the"
              + " name shown in the RDS console, e.g. prod-aurora), not its endpoint.");
    }
    this.settings = settings;
    this.clusterId = settings.clusterId();
    this.api = new RdsApi(KIND, settings, credentials);
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public void preflight() {
    ClusterState state = readyCluster();
    LOG.info("trigger {}: cluster {}", KIND, state.describe());
  }

  @Override
  public void fire(Consumer<FailoverEvent> events, Duration deadline) throws Exception {
    Deadline end = new Deadline(deadline);
    ClusterState before = readyCluster();
    String oldWriter = before.writer();
    String target = settings.targetInstanceId();
    FailoverEvent asked =
        FailoverEvent.now(
            EventName.ASKED,
            "FailoverDBCluster "
                + clusterId
                + " from "
                + oldWriter
                + (target == null ? "" : " to " + target));
    events.accept(asked);
    try {
      FailoverDbClusterResponse response;
      try {
        response =
            api.client()
                .failoverDBCluster(
                    r -> r.dbClusterIdentifier(clusterId).targetDBInstanceIdentifier(target));
      } catch (RuntimeException e) {
        events.accept(FailoverEvent.answer(Outcome.FAILED, "error " + RdsFailures.describe(e)));
        throw RdsFailures.refused(KIND, "FailoverDBCluster", "DB cluster " + clusterId, e);
      }
      events.accept(
          FailoverEvent.answer(
              Outcome.OK,
              "old writer "
                  + oldWriter
                  + ", cluster "
                  + (response.dbCluster() == null ? "?" : response.dbCluster().status())));
      awaitNewWriter(before, end, events);
    } finally {
      emitRdsEvents(asked.atMicros(), before, events);
    }
  }

  /** Polls until a writer other than the old one is in place and the cluster is available. */
  private void awaitNewWriter(ClusterState before, Deadline end, Consumer<FailoverEvent> events)
      throws InterruptedException, TimeoutException {
    String oldWriter = before.writer();
    ClusterState last = before;
    boolean writerChanged = false;
    while (!end.passed()) {
      end.sleep(settings.pollInterval());
      ClusterState now = describeOrNull();
      if (now == null) {
        continue;
      }
      if (!now.status().equals(last.status())) {
        events.accept(
            FailoverEvent.now(EventName.CLUSTER_STATUS, last.status() + " -> " + now.status()));
      }
      last = now;
      if (!writerChanged && now.writerChangedFrom(oldWriter)) {
        writerChanged = true;
        events.accept(
            FailoverEvent.now(EventName.NEW_PRIMARY_SEEN, oldWriter + " -> " + now.writer()));
      }
      if (writerChanged && now.isAvailable()) {
        events.accept(FailoverEvent.now(EventName.CLUSTER_AVAILABLE, now.describe()));
        return;
      }
    }
    throw new TimeoutException(
        "Trigger "
            + KIND
            + ": no new writer in an available cluster"
            + " before the deadline; last seen "
            + last.describe());
  }

  /** One poll; null when the API is throttling or unreachable for now (the loop tries again). */
  private ClusterState describeOrNull() {
    try {
      return ClusterState.of(api.describeCluster(clusterId));
    } catch (RuntimeException e) {
      if (!RdsApi.isTransient(e)) {
        throw RdsFailures.refused(KIND, "DescribeDBClusters", "DB cluster " + clusterId, e);
      }
      LOG.warn(
          "trigger {}: DescribeDBClusters failed, polling on: {}", KIND, RdsFailures.describe(e));
      return null;
    }
  }

  private void emitRdsEvents(
      long askedMicros, ClusterState before, Consumer<FailoverEvent> events) {
    List<String> instances = new ArrayList<>(before.readers());
    if (before.writer() != null) {
      instances.add(0, before.writer());
    }
    try {
      int count = RdsEvents.emit(api.client(), askedMicros, clusterId, instances, events);
      LOG.info("trigger {}: {} RDS events since asked - {}", KIND, count, RdsEvents.LOOK_BEHIND);
    } catch (RuntimeException e) {
      LOG.warn("trigger {}: could not read RDS events: {}", KIND, RdsFailures.describe(e));
    }
  }

  /** Describes the cluster and checks a failover can start now; a SettingsException if not. */
  private ClusterState readyCluster() {
    api.checkCredentials();
    ClusterState state;
    try {
      state = ClusterState.of(api.describeCluster(clusterId));
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
              + " to the cluster identifier (not its endpoint), and "
              + AwsSettings.REGION
              + " to the region it is in.",
          e);
    } catch (RuntimeException e) {
      throw RdsFailures.atPreflight(KIND, AwsSettings.CLUSTER_ID, "DB cluster " + clusterId, e);
    }
    ClusterChecks.readyForFailover(KIND, state, settings.targetInstanceId());
    return state;
  }

  @Override
  public void close() {
    api.close();
  }
}
