package io.pgfailover.trigger.aws;

import io.pgfailover.config.AwsSettings;
import io.pgfailover.config.SettingsException;
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

/**
 * A maintenance operation as a trigger: a new instance class ({@code rds-modify-class}) or a minor
 * engine version ({@code rds-upgrade}), with {@code ApplyImmediately}. {@code ModifyDBInstance} on
 * {@code failover.aws.instance-id}, or {@code ModifyDBCluster} on the Multi-AZ DB (or, for a
 * version, Aurora) cluster {@code failover.aws.cluster-id}. It then follows the target with {@code
 * DescribeDBInstances} / {@code DescribeDBClusters} until it is {@code available} with the change
 * in force.
 *
 * <p>Events: {@code asked}, {@code returned}, {@code instance-status} / {@code cluster-status} on
 * each status change seen (available -> modifying -> ... -> available), {@code new-primary-seen}
 * when the primary moves (a Multi-AZ instance's zone, a cluster's writer), {@code
 * instance-available} / {@code cluster-available} with the change in force, then RDS's own events
 * as {@code rds-event}.
 */
public final class RdsModifyTrigger implements Trigger {
  private static final Logger LOG = LoggerFactory.getLogger(RdsModifyTrigger.class);

  private final AwsSettings settings;
  private final Modification change;
  private final String kind;
  private final String wanted;
  private final RdsApi api;

  /** {@code rds-modify-class}, with the SDK's default credentials chain. */
  public static RdsModifyTrigger instanceClass(AwsSettings settings) {
    return instanceClass(settings, DefaultCredentialsProvider.builder().build());
  }

  public static RdsModifyTrigger instanceClass(
      AwsSettings settings, AwsCredentialsProvider credentials) {
    return new RdsModifyTrigger(Modification.INSTANCE_CLASS, settings, credentials);
  }

  /** {@code rds-upgrade}, with the SDK's default credentials chain. */
  public static RdsModifyTrigger engineVersion(AwsSettings settings) {
    return engineVersion(settings, DefaultCredentialsProvider.builder().build());
  }

  public static RdsModifyTrigger engineVersion(
      AwsSettings settings, AwsCredentialsProvider credentials) {
    return new RdsModifyTrigger(Modification.ENGINE_VERSION, settings, credentials);
  }

  private RdsModifyTrigger(
      Modification change, AwsSettings settings, AwsCredentialsProvider credentials) {
    this.kind = change.kind.label();
    String value = change.wanted(settings);
    if (value == null) {
      throw new SettingsException(
          change.setting,
          "Trigger " + kind + " needs the new " + change.label + ": set " + change.setting + ".");
    }
    if (settings.instanceId() == null && settings.clusterId() == null) {
      throw new SettingsException(
          AwsSettings.INSTANCE_ID,
          "Trigger "
              + kind
              + " needs what to modify: set "
              + AwsSettings.INSTANCE_ID
              + " (a DB instance) or "
              + AwsSettings.CLUSTER_ID
              + " (a Multi-AZ DB cluster).");
    }
    this.settings = settings;
    this.change = change;
    this.wanted = value;
    this.api = new RdsApi(kind, settings, credentials);
  }

  @Override
  public String kind() {
    return kind;
  }

  @Override
  public void preflight() {
    ModifyTarget target = readyTarget();
    LOG.info("trigger {}: {} -> {} {}", kind, target.describe(), change.label, wanted);
  }

  @Override
  public void fire(Consumer<FailoverEvent> events, Duration deadline) throws Exception {
    Deadline end = new Deadline(deadline);
    ModifyTarget before = readyTarget();
    String action = before.cluster() ? "ModifyDBCluster" : "ModifyDBInstance";
    FailoverEvent asked =
        FailoverEvent.now(
            EventName.ASKED,
            action
                + " "
                + before.id()
                + " "
                + change.label
                + " "
                + change.current(before)
                + " -> "
                + wanted
                + ", ApplyImmediately ("
                + before.describe()
                + ")");
    events.accept(asked);
    try {
      ModifyTarget answered;
      try {
        answered = modify(before);
      } catch (RuntimeException e) {
        events.accept(FailoverEvent.answer(Outcome.FAILED, "error " + RdsFailures.describe(e)));
        throw RdsFailures.refused(kind, action, before.what(), e);
      }
      events.accept(FailoverEvent.answer(Outcome.OK, answered.describe()));
      await(before, answered, end, events);
    } finally {
      emitRdsEvents(asked.atMicros(), before, events);
    }
  }

  private ModifyTarget modify(ModifyTarget target) {
    if (target.cluster()) {
      return ModifyTarget.of(
          api.client()
              .modifyDBCluster(
                  r -> {
                    r.dbClusterIdentifier(target.id()).applyImmediately(true);
                    change.apply(r, wanted);
                  })
              .dbCluster());
    }
    return ModifyTarget.of(
        api.client()
            .modifyDBInstance(
                r -> {
                  r.dbInstanceIdentifier(target.id()).applyImmediately(true);
                  change.apply(r, wanted);
                })
            .dbInstance());
  }

  /** Polls until the target is available with the change in force. */
  private void await(
      ModifyTarget before, ModifyTarget answered, Deadline end, Consumer<FailoverEvent> events)
      throws InterruptedException, TimeoutException {
    EventName statusEvent = before.cluster() ? EventName.CLUSTER_STATUS : EventName.INSTANCE_STATUS;
    String lastStatus = answered.status();
    if (!lastStatus.equals(before.status())) {
      events.accept(FailoverEvent.now(statusEvent, before.status() + " -> " + lastStatus));
    }
    ModifyTarget last = answered;
    boolean primaryMoved = false;
    while (!end.passed()) {
      end.sleep(settings.pollInterval());
      ModifyTarget now = describeOrNull(before);
      if (now == null) {
        continue;
      }
      if (!now.status().equals(lastStatus)) {
        events.accept(FailoverEvent.now(statusEvent, lastStatus + " -> " + now.status()));
      }
      lastStatus = now.status();
      last = now;
      if (!primaryMoved
          && now.primary() != null
          && before.primary() != null
          && !Objects.equals(now.primary(), before.primary())) {
        primaryMoved = true;
        events.accept(
            FailoverEvent.now(
                EventName.NEW_PRIMARY_SEEN,
                before.id() + " " + before.primary() + " -> " + now.primary()));
      }
      if (now.isAvailable() && change.inForce(now, wanted)) {
        events.accept(
            FailoverEvent.now(
                before.cluster() ? EventName.CLUSTER_AVAILABLE : EventName.INSTANCE_AVAILABLE,
                now.describe()));
        return;
      }
    }
    throw new TimeoutException(
        "Trigger "
            + kind
            + ": "
            + before.what()
            + " was not available with "
            + change.label
            + " "
            + wanted
            + " before the deadline (raise failover.run.trigger-deadline: a class change or"
            + " upgrade takes minutes); last seen "
            + last.describe());
  }

  /** One poll; null when the API is throttling or unreachable for now (the loop tries again). */
  private @Nullable ModifyTarget describeOrNull(ModifyTarget target) {
    String action = target.cluster() ? "DescribeDBClusters" : "DescribeDBInstances";
    try {
      return describe(target.cluster(), target.id());
    } catch (RuntimeException e) {
      if (!RdsApi.isTransient(e)) {
        throw RdsFailures.refused(kind, action, target.what(), e);
      }
      LOG.warn("trigger {}: {} failed, polling on: {}", kind, action, RdsFailures.describe(e));
      return null;
    }
  }

  private ModifyTarget describe(boolean cluster, String id) {
    return cluster
        ? ModifyTarget.of(api.describeCluster(id))
        : ModifyTarget.of(api.describeInstance(id));
  }

  private void emitRdsEvents(
      long askedMicros, ModifyTarget before, Consumer<FailoverEvent> events) {
    try {
      int count =
          before.cluster()
              ? RdsEvents.emit(api.client(), askedMicros, before.id(), before.members(), events)
              : RdsEvents.emit(api.client(), askedMicros, null, List.of(before.id()), events);
      LOG.info("trigger {}: {} RDS events since asked - {}", kind, count, RdsEvents.LOOK_BEHIND);
    } catch (RuntimeException e) {
      LOG.warn("trigger {}: could not read RDS events: {}", kind, RdsFailures.describe(e));
    }
  }

  /**
   * Describes the target and checks, before load, that the change can start now and that RDS offers
   * the new value; a SettingsException if not.
   */
  private ModifyTarget readyTarget() {
    api.checkCredentials();
    boolean cluster = settings.instanceId() == null;
    String id = cluster ? settings.clusterId() : settings.instanceId();
    String setting = cluster ? AwsSettings.CLUSTER_ID : AwsSettings.INSTANCE_ID;
    String what = (cluster ? "DB cluster " : "DB instance ") + id;
    ModifyTarget target;
    try {
      target = describe(cluster, id);
    } catch (DbInstanceNotFoundException | DbClusterNotFoundException e) {
      throw new SettingsException(
          setting,
          "Trigger "
              + kind
              + " found no "
              + what
              + " ("
              + RdsFailures.describe(e)
              + "). Set "
              + setting
              + " to its identifier (not its endpoint), and "
              + AwsSettings.REGION
              + " to the region it is in.",
          e);
    } catch (RuntimeException e) {
      throw RdsFailures.atPreflight(kind, setting, what, e);
    }
    change.checkTarget(target);
    if (!target.isAvailable()) {
      throw new SettingsException(
          setting,
          "Trigger "
              + kind
              + ": "
              + what
              + " is "
              + target.status()
              + ", not available, so it cannot be modified now (a modification, failover or"
              + " maintenance is in progress). Wait until its status is available, then start the"
              + " run again.");
    }
    if (change.current(target) != null && change.current(target).equals(wanted)) {
      throw new SettingsException(
          change.setting,
          "Trigger "
              + kind
              + ": "
              + what
              + " already runs with "
              + change.label
              + " "
              + wanted
              + ", so there is nothing to change. Set "
              + change.setting
              + " to another value.");
    }
    try {
      change.checkValue(api, target, wanted);
    } catch (SettingsException e) {
      throw e;
    } catch (RuntimeException e) {
      throw RdsFailures.atPreflight(kind, change.setting, "the " + change.label + " " + wanted, e);
    }
    return target;
  }

  @Override
  public void close() {
    api.close();
  }
}
