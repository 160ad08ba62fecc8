package io.pgfailover.trigger.aws;

import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;

/**
 * One reading of what a maintenance trigger modifies: a DB instance, or a Multi-AZ DB (or Aurora)
 * cluster, with the figures a modification changes.
 *
 * @param cluster true for a DB cluster (ModifyDBCluster), false for an instance (ModifyDBInstance)
 * @param instanceClass the instance class in force; a cluster's DBClusterInstanceClass, null for an
 *     Aurora cluster (whose classes are per instance)
 * @param pendingClass the class waiting to be applied, null when none
 * @param pendingVersion the engine version waiting to be applied, null when none
 * @param primary what says where the primary is: an instance's zone, a cluster's writer
 * @param memberOf the cluster an instance belongs to, null for a standalone instance
 * @param members a cluster's instances (their RDS events go on the timeline), empty for an instance
 */
record ModifyTarget(
    boolean cluster,
    String id,
    String status,
    String engine,
    String engineVersion,
    @Nullable String instanceClass,
    @Nullable String pendingClass,
    @Nullable String pendingVersion,
    @Nullable String primary,
    @Nullable String memberOf,
    List<String> members) {

  static ModifyTarget of(DBInstance i) {
    return new ModifyTarget(
        false,
        i.dbInstanceIdentifier(),
        String.valueOf(i.dbInstanceStatus()),
        String.valueOf(i.engine()),
        String.valueOf(i.engineVersion()),
        i.dbInstanceClass(),
        i.pendingModifiedValues() == null ? null : i.pendingModifiedValues().dbInstanceClass(),
        i.pendingModifiedValues() == null ? null : i.pendingModifiedValues().engineVersion(),
        i.availabilityZone(),
        i.dbClusterIdentifier(),
        List.of());
  }

  static ModifyTarget of(DBCluster c) {
    ClusterState state = ClusterState.of(c);
    List<String> members = new ArrayList<>(state.readers());
    if (state.writer() != null) {
      members.add(0, state.writer());
    }
    return new ModifyTarget(
        true,
        c.dbClusterIdentifier(),
        String.valueOf(c.status()),
        String.valueOf(c.engine()),
        String.valueOf(c.engineVersion()),
        c.dbClusterInstanceClass(),
        null, // a cluster's pending values carry no class
        c.pendingModifiedValues() == null ? null : c.pendingModifiedValues().engineVersion(),
        state.writer(),
        null,
        List.copyOf(members));
  }

  boolean isAvailable() {
    return ClusterState.AVAILABLE.equals(status);
  }

  /** Aurora engines are aurora-postgresql, aurora-mysql; a Multi-AZ DB cluster's are not. */
  boolean isAurora() {
    return engine.startsWith("aurora");
  }

  String what() {
    return (cluster ? "DB cluster " : "DB instance ") + id;
  }

  String describe() {
    return id
        + " "
        + status
        + ", "
        + engine
        + " "
        + engineVersion
        + (instanceClass == null ? "" : ", " + instanceClass)
        + (pendingClass == null ? "" : ", pending class " + pendingClass)
        + (pendingVersion == null ? "" : ", pending version " + pendingVersion)
        + (primary == null ? "" : cluster ? ", writer " + primary : " in " + primary);
  }
}
