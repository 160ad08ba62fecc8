package io.pgfailover.trigger.aws;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBClusterMember;

/**
 * One reading of an Aurora or Multi-AZ DB cluster: its status and who writes.
 *
 * @param status RDS cluster status, e.g. "available", "failing-over"
 * @param writer the member with IsClusterWriter, null while RDS reports none
 * @param readers the other members
 */
record ClusterState(String id, String status, @Nullable String writer, List<String> readers) {
  static final String AVAILABLE = "available";
  static final String FAILING_OVER = "failing-over";

  static ClusterState of(DBCluster cluster) {
    String writer = null;
    List<String> readers = new java.util.ArrayList<>();
    for (DBClusterMember member : cluster.dbClusterMembers()) {
      if (Boolean.TRUE.equals(member.isClusterWriter())) {
        writer = member.dbInstanceIdentifier();
      } else {
        readers.add(member.dbInstanceIdentifier());
      }
    }
    return new ClusterState(
        cluster.dbClusterIdentifier(),
        String.valueOf(cluster.status()),
        writer,
        List.copyOf(readers));
  }

  boolean isAvailable() {
    return AVAILABLE.equals(status);
  }

  boolean hasMember(String instanceId) {
    return instanceId.equals(writer) || readers.contains(instanceId);
  }

  /** True when a writer other than {@code oldWriter} is in place. */
  boolean writerChangedFrom(@Nullable String oldWriter) {
    return writer != null && !Objects.equals(writer, oldWriter);
  }

  String describe() {
    return id + " " + status + ", writer " + writer + ", readers " + readers;
  }
}
