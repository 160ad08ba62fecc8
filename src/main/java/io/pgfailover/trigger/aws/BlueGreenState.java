package io.pgfailover.trigger.aws;

import java.util.List;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.services.rds.model.BlueGreenDeployment;
import software.amazon.awssdk.services.rds.model.SourceType;

/**
 * One reading of a blue/green deployment: its status and each member's switchover status.
 *
 * @param status PROVISIONING, AVAILABLE, SWITCHOVER_IN_PROGRESS, SWITCHOVER_COMPLETED,
 *     INVALID_CONFIGURATION, SWITCHOVER_FAILED or DELETING
 * @param source the blue (production) database's ARN, a DB instance or cluster
 * @param target the green database's ARN
 * @param members "source -> target: status" per switchover detail, in RDS's order
 */
record BlueGreenState(
    String id,
    @Nullable String name,
    String status,
    @Nullable String statusDetails,
    @Nullable String source,
    @Nullable String target,
    List<String> members) {
  static final String AVAILABLE = "AVAILABLE";
  static final String IN_PROGRESS = "SWITCHOVER_IN_PROGRESS";
  static final String COMPLETED = "SWITCHOVER_COMPLETED";
  static final String FAILED = "SWITCHOVER_FAILED";

  static BlueGreenState of(BlueGreenDeployment d) {
    return new BlueGreenState(
        d.blueGreenDeploymentIdentifier(),
        d.blueGreenDeploymentName(),
        String.valueOf(d.status()),
        d.statusDetails(),
        d.source(),
        d.target(),
        d.switchoverDetails().stream()
            .map(s -> name(s.sourceMember()) + " -> " + name(s.targetMember()) + ": " + s.status())
            .toList());
  }

  /** The identifier at the end of an RDS ARN ({@code arn:aws:rds:...:db:prod-db}). */
  static @Nullable String name(@Nullable String arn) {
    return arn == null ? null : arn.substring(arn.lastIndexOf(':') + 1);
  }

  /** DescribeEvents' source type for an RDS ARN: a cluster's or an instance's. */
  static SourceType sourceType(String arn) {
    return arn.contains(":cluster:") ? SourceType.DB_CLUSTER : SourceType.DB_INSTANCE;
  }

  String describe() {
    return id
        + (name == null ? "" : " (" + name + ")")
        + " "
        + status
        + (statusDetails == null || statusDetails.isBlank() ? "" : " - " + statusDetails)
        + ", "
        + name(source)
        + " -> "
        + name(target);
  }
}
