package io.pgfailover.trigger.aws;

import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.rds.model.DBInstance;

/**
 * One reading of a DB instance.
 *
 * @param status RDS instance status, e.g. "available", "rebooting"
 * @param zone the availability zone of the primary
 * @param secondaryZone a Multi-AZ instance's standby zone, null otherwise
 * @param clusterId the cluster the instance belongs to, null for a standalone instance
 */
record InstanceState(
    String id,
    String status,
    @Nullable String zone,
    @Nullable String secondaryZone,
    boolean multiAz,
    @Nullable String clusterId) {

  static InstanceState of(DBInstance instance) {
    return new InstanceState(
        instance.dbInstanceIdentifier(),
        String.valueOf(instance.dbInstanceStatus()),
        instance.availabilityZone(),
        instance.secondaryAvailabilityZone(),
        Boolean.TRUE.equals(instance.multiAZ()),
        instance.dbClusterIdentifier());
  }

  boolean isAvailable() {
    return ClusterState.AVAILABLE.equals(status);
  }

  String describe() {
    return id
        + " "
        + status
        + " in "
        + zone
        + (multiAz ? ", standby in " + secondaryZone : "")
        + (clusterId == null ? "" : ", member of " + clusterId);
  }
}
