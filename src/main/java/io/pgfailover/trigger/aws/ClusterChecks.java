package io.pgfailover.trigger.aws;

import io.pgfailover.config.AwsSettings;
import io.pgfailover.config.SettingsException;
import org.jspecify.annotations.Nullable;

/** Whether a cluster, as just described, can fail over now. */
final class ClusterChecks {
  private ClusterChecks() {}

  static void readyForFailover(String kind, ClusterState state, @Nullable String target) {
    String id = state.id();
    if (ClusterState.FAILING_OVER.equals(state.status())) {
      throw new SettingsException(
          AwsSettings.CLUSTER_ID,
          "Trigger "
              + kind
              + ": DB cluster "
              + id
              + " is failing over already (status failing-over). Wait until the failover in progress"
              + " has finished and the cluster is available, then start the run again.");
    }
    if (!state.isAvailable()) {
      throw new SettingsException(
          AwsSettings.CLUSTER_ID,
          "Trigger "
              + kind
              + ": DB cluster "
              + id
              + " is "
              + state.status()
              + ", not available, so it cannot fail over now. Wait until its"
              + " status is available (RDS console or `aws rds describe-db-clusters`), then start the"
              + " run again.");
    }
    if (state.writer() == null) {
      throw new SettingsException(
          AwsSettings.CLUSTER_ID,
          "Trigger "
              + kind
              + ": DB cluster "
              + id
              + " has no writer instance ("
              + state.describe()
              + "). A failover needs a writer and at"
              + " least one reader.");
    }
    if (state.readers().isEmpty()) {
      throw new SettingsException(
          AwsSettings.CLUSTER_ID,
          "Trigger "
              + kind
              + ": DB cluster "
              + id
              + " has no reader to fail over to (only the writer "
              + state.writer()
              + "). Add a"
              + " reader instance to the cluster, or use trigger rds-reboot to restart the writer.");
    }
    if (target != null && !state.readers().contains(target)) {
      String what = target.equals(state.writer()) ? "is the current writer" : "is not a member";
      throw new SettingsException(
          AwsSettings.TARGET_INSTANCE_ID,
          "Trigger "
              + kind
              + ": "
              + AwsSettings.TARGET_INSTANCE_ID
              + " '"
              + target
              + "' "
              + what
              + " of DB cluster "
              + id
              + ". Name one of its readers "
              + state.readers()
              + ", or leave the setting empty to let"
              + " RDS choose.");
    }
  }
}
