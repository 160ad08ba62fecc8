package io.pgfailover.trigger.aws;

import io.pgfailover.config.AwsSettings;
import io.pgfailover.config.SettingsException;
import io.pgfailover.config.TriggerKind;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.rds.model.DBEngineVersion;
import software.amazon.awssdk.services.rds.model.ModifyDbClusterRequest;
import software.amazon.awssdk.services.rds.model.ModifyDbInstanceRequest;
import software.amazon.awssdk.services.rds.model.UpgradeTarget;

/**
 * What a maintenance trigger changes: the instance class ({@code rds-modify-class}) or the minor
 * engine version ({@code rds-upgrade}). Each knows its setting, how to check the new value with RDS
 * before load, how to ask for it and how to tell it is in force.
 */
enum Modification {
  INSTANCE_CLASS(TriggerKind.RDS_MODIFY_CLASS, AwsSettings.INSTANCE_CLASS, "instance class") {
    @Override
    @Nullable String wanted(AwsSettings s) {
      return s.instanceClass();
    }

    @Override
    @Nullable String current(ModifyTarget t) {
      return t.instanceClass();
    }

    @Override
    @Nullable String pending(ModifyTarget t) {
      return t.pendingClass();
    }

    @Override
    void apply(ModifyDbInstanceRequest.Builder r, String value) {
      r.dbInstanceClass(value);
    }

    @Override
    void apply(ModifyDbClusterRequest.Builder r, String value) {
      r.dbClusterInstanceClass(value);
    }

    @Override
    void checkTarget(ModifyTarget t) {
      if (t.cluster() && t.isAurora()) {
        throw new SettingsException(
            AwsSettings.INSTANCE_ID,
            "Trigger "
                + kind.label()
                + ": DB cluster "
                + t.id()
                + " is an Aurora cluster ("
                + t.engine()
                + "), whose instance classes are per instance. Set "
                + AwsSettings.INSTANCE_ID
                + " to the Aurora instance to modify (the cluster's members: "
                + t.members()
                + "); "
                + AwsSettings.CLUSTER_ID
                + " alone names a Multi-AZ DB cluster to modify.");
      }
      if (!t.cluster() && t.memberOf() != null && !t.isAurora()) {
        throw new SettingsException(
            AwsSettings.CLUSTER_ID,
            "Trigger "
                + kind.label()
                + ": DB instance "
                + t.id()
                + " belongs to the Multi-AZ DB cluster "
                + t.memberOf()
                + ", whose instance class is the cluster's. Set "
                + AwsSettings.CLUSTER_ID
                + " = "
                + t.memberOf()
                + " and leave "
                + AwsSettings.INSTANCE_ID
                + " empty.");
      }
    }

    /** The class must be orderable for the engine and version in force (in this region). */
    @Override
    void checkValue(RdsApi api, ModifyTarget t, String value) {
      boolean orderable =
          !api.client()
              .describeOrderableDBInstanceOptions(
                  r ->
                      r.engine(t.engine())
                          .engineVersion(t.engineVersion())
                          .dbInstanceClass(value)
                          .maxRecords(20))
              .orderableDBInstanceOptions()
              .isEmpty();
      if (!orderable) {
        throw new SettingsException(
            setting,
            "Trigger "
                + kind.label()
                + ": "
                + setting
                + " = "
                + value
                + " is not an instance class RDS offers for "
                + t.engine()
                + " "
                + t.engineVersion()
                + " in this region (DescribeOrderableDBInstanceOptions found none), so "
                + t.what()
                + " cannot change to it. Pick one from `aws rds"
                + " describe-orderable-db-instance-options --engine "
                + t.engine()
                + " --engine-version "
                + t.engineVersion()
                + " --query 'OrderableDBInstanceOptions[].DBInstanceClass'`, e.g. the next size of"
                + " the current "
                + t.instanceClass()
                + ".");
      }
    }
  },

  ENGINE_VERSION(TriggerKind.RDS_UPGRADE, AwsSettings.ENGINE_VERSION, "engine version") {
    @Override
    @Nullable String wanted(AwsSettings s) {
      return s.engineVersion();
    }

    @Override
    @Nullable String current(ModifyTarget t) {
      return t.engineVersion();
    }

    @Override
    @Nullable String pending(ModifyTarget t) {
      return t.pendingVersion();
    }

    @Override
    void apply(ModifyDbInstanceRequest.Builder r, String value) {
      r.engineVersion(value);
    }

    @Override
    void apply(ModifyDbClusterRequest.Builder r, String value) {
      r.engineVersion(value);
    }

    @Override
    void checkTarget(ModifyTarget t) {
      if (!t.cluster() && t.memberOf() != null) {
        throw new SettingsException(
            AwsSettings.INSTANCE_ID,
            "Trigger "
                + kind.label()
                + ": DB instance "
                + t.id()
                + " belongs to DB cluster "
                + t.memberOf()
                + ", whose engine version is the cluster's. Set "
                + AwsSettings.CLUSTER_ID
                + " = "
                + t.memberOf()
                + " and leave "
                + AwsSettings.INSTANCE_ID
                + " empty to upgrade the cluster.");
      }
    }

    /** The version must be one of the current version's valid minor upgrade targets. */
    @Override
    void checkValue(RdsApi api, ModifyTarget t, String value) {
      List<DBEngineVersion> versions =
          api.client()
              .describeDBEngineVersions(r -> r.engine(t.engine()).engineVersion(t.engineVersion()))
              .dbEngineVersions();
      List<UpgradeTarget> targets =
          versions.isEmpty() ? List.of() : versions.get(0).validUpgradeTarget();
      UpgradeTarget match =
          targets.stream().filter(u -> value.equals(u.engineVersion())).findFirst().orElse(null);
      if (match != null && !Boolean.TRUE.equals(match.isMajorVersionUpgrade())) {
        return;
      }
      List<String> minors =
          targets.stream()
              .filter(u -> !Boolean.TRUE.equals(u.isMajorVersionUpgrade()))
              .map(UpgradeTarget::engineVersion)
              .toList();
      throw new SettingsException(
          setting,
          "Trigger "
              + kind.label()
              + ": "
              + setting
              + " = "
              + value
              + (match != null
                  ? " is a major version upgrade of "
                      + t.engine()
                      + " "
                      + t.engineVersion()
                      + ", which this trigger does not do (it measures a minor upgrade)"
                  : " is not a version "
                      + t.what()
                      + " ("
                      + t.engine()
                      + " "
                      + t.engineVersion()
                      + ") can upgrade to")
              + ". Its valid minor upgrade targets (DescribeDBEngineVersions): "
              + (minors.isEmpty() ? "none, it is on the newest minor version" : minors)
              + ".");
    }
  };

  final TriggerKind kind;
  final String setting;
  final String label;

  Modification(TriggerKind kind, String setting, String label) {
    this.kind = kind;
    this.setting = setting;
    this.label = label;
  }

  abstract @Nullable String wanted(AwsSettings s);

  abstract @Nullable String current(ModifyTarget t);

  abstract @Nullable String pending(ModifyTarget t);

  abstract void apply(ModifyDbInstanceRequest.Builder r, String value);

  abstract void apply(ModifyDbClusterRequest.Builder r, String value);

  /** Refuses a target this change cannot be made on (a SettingsException). */
  abstract void checkTarget(ModifyTarget t);

  /** Refuses a value RDS would refuse (a SettingsException); SDK errors pass through. */
  abstract void checkValue(RdsApi api, ModifyTarget t, String value);

  /** True when the target runs with {@code value} and has nothing of this kind pending. */
  boolean inForce(ModifyTarget t, String value) {
    return Objects.equals(current(t), value) && pending(t) == null;
  }
}
