package io.pgfailover.trigger.aws;

import io.pgfailover.config.AwsSettings;
import io.pgfailover.config.SettingsException;
import io.pgfailover.config.TriggerKind;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Turns what the RDS API answers at pre-flight into one clear paragraph naming the setting and the
 * fix. Messages carry the AWS error code and message, never a credential.
 */
final class RdsFailures {
  static final String CREDENTIALS_SETTING = "AWS credentials";

  /** Every RDS action the AWS triggers call. */
  static final String IAM_ACTIONS =
      "rds:DescribeDBClusters, rds:FailoverDBCluster,"
          + " rds:RebootDBInstance, rds:DescribeEvents, rds:DescribeDBInstances";

  /** What each maintenance trigger calls, to name in its messages (the others: IAM_ACTIONS). */
  private static final Map<String, String> IAM_ACTIONS_OF =
      Map.of(
          TriggerKind.RDS_MODIFY_CLASS.label(),
          "rds:DescribeDBInstances, rds:DescribeDBClusters,"
              + " rds:DescribeOrderableDBInstanceOptions, rds:ModifyDBInstance (an instance) or"
              + " rds:ModifyDBCluster (a Multi-AZ DB cluster), rds:DescribeEvents",
          TriggerKind.RDS_UPGRADE.label(),
          "rds:DescribeDBInstances, rds:DescribeDBClusters, rds:DescribeDBEngineVersions,"
              + " rds:ModifyDBInstance (an instance) or rds:ModifyDBCluster (a cluster),"
              + " rds:DescribeEvents",
          TriggerKind.BLUE_GREEN_SWITCHOVER.label(),
          "rds:DescribeBlueGreenDeployments, rds:SwitchoverBlueGreenDeployment,"
              + " rds:DescribeEvents");

  /** How IAM names the action it refused in an AccessDenied message. */
  private static final Pattern DENIED_ACTION = Pattern.compile("perform: ([a-z0-9-]+:[A-Za-z]+)");

  private static final Set<String> ACCESS_DENIED =
      Set.of("AccessDenied", "AccessDeniedException", "UnauthorizedOperation");
  private static final Set<String> BAD_CREDENTIALS =
      Set.of(
          "InvalidClientTokenId",
          "SignatureDoesNotMatch",
          "ExpiredToken",
          "ExpiredTokenException",
          "InvalidAccessKeyId",
          "UnrecognizedClientException",
          "AuthFailure",
          "IncompleteSignature",
          "MissingAuthenticationToken",
          "InvalidSignatureException");

  private RdsFailures() {}

  static SettingsException noCredentials(String kind, Throwable cause) {
    return new SettingsException(
        CREDENTIALS_SETTING,
        "Trigger "
            + kind
            + " found no AWS"
            + " credentials: the AWS SDK's default credentials provider chain had none to offer ("
            + firstLine(cause)
            + "). Provide them in one of its usual ways: AWS_ACCESS_KEY_ID and"
            + " AWS_SECRET_ACCESS_KEY (plus AWS_SESSION_TOKEN for temporary ones) in the environment,"
            + " a profile in ~/.aws/credentials or ~/.aws/config selected with AWS_PROFILE (run `aws"
            + " sso login` first for SSO), web identity (AWS_ROLE_ARN and AWS_WEB_IDENTITY_TOKEN_FILE),"
            + " or the role of the EC2 instance, ECS task or EKS pod the tool runs on. The credentials"
            + " need "
            + iamActions(kind)
            + ".",
        cause);
  }

  /**
   * Maps an SDK failure during pre-flight. {@code setting} and {@code what} name the resource being
   * described, e.g. "failover.aws.cluster-id" and "DB cluster prod-db".
   */
  static RuntimeException atPreflight(
      String kind, String setting, String what, RuntimeException e) {
    if (e instanceof AwsServiceException service) {
      String code = code(service);
      String answer = describe(service);
      if (ACCESS_DENIED.contains(code)) {
        return new SettingsException(
            CREDENTIALS_SETTING,
            "Trigger "
                + kind
                + " was refused by"
                + " the RDS API while reading "
                + what
                + " ("
                + answer
                + "). The AWS identity in use"
                + " lacks IAM permission"
                + deniedAction(service).map(a -> " " + a).orElse("s")
                + ": grant it "
                + iamActions(kind)
                + " on the cluster and its"
                + " instances (see the IAM policy in README), or run with credentials of an identity"
                + " that has them.",
            e);
      }
      if (BAD_CREDENTIALS.contains(code)) {
        return new SettingsException(
            CREDENTIALS_SETTING,
            "Trigger "
                + kind
                + " has AWS"
                + " credentials that the RDS API rejects ("
                + answer
                + "). They are wrong, expired or"
                + " for another partition: refresh them (e.g. `aws sso login`, new session token) or"
                + " point AWS_PROFILE at a valid profile.",
            e);
      }
      if (RdsApi.isTransient(service)) {
        return new SettingsException(
            AwsSettings.MAX_ATTEMPTS,
            "Trigger "
                + kind
                + " could not"
                + " read "
                + what
                + ": the RDS API kept answering "
                + answer
                + " (HTTP "
                + service.statusCode()
                + ") through every retry. Run again later, or raise "
                + AwsSettings.MAX_ATTEMPTS
                + " and "
                + AwsSettings.API_CALL_TIMEOUT
                + "; if other"
                + " tools share this account's RDS API quota, pause them during the run.",
            e);
      }
      return new SettingsException(
          setting,
          "Trigger "
              + kind
              + " could not read "
              + what
              + " through the RDS API ("
              + answer
              + ", HTTP "
              + service.statusCode()
              + "). Check "
              + setting
              + " and the region.",
          e);
    }
    if (e instanceof SdkClientException) {
      return new SettingsException(
          AwsSettings.REGION,
          "Trigger "
              + kind
              + " cannot reach the RDS"
              + " API ("
              + firstLine(e)
              + "). Check "
              + AwsSettings.REGION
              + " and, if set, "
              + AwsSettings.ENDPOINT_OVERRIDE
              + ", and that this machine can reach the RDS endpoint"
              + " (proxy, VPC endpoint, firewall).",
          e);
    }
    return e;
  }

  /** The IAM actions trigger {@code kind} calls, for messages. */
  static String iamActions(String kind) {
    return IAM_ACTIONS_OF.getOrDefault(kind, IAM_ACTIONS);
  }

  /** The action IAM refused, e.g. rds:ModifyDBInstance, when its message names it. */
  static java.util.Optional<String> deniedAction(Throwable e) {
    Matcher m = DENIED_ACTION.matcher(String.valueOf(describe(e)));
    return m.find() ? java.util.Optional.of(m.group(1)) : java.util.Optional.empty();
  }

  /** The AWS error code of {@code e}, or its class name. */
  static String code(Throwable e) {
    if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      return service.awsErrorDetails().errorCode();
    }
    return e.getClass().getSimpleName();
  }

  /** The AWS error code and message, short enough for an event detail. */
  static String describe(Throwable e) {
    if (e instanceof AwsServiceException service && service.awsErrorDetails() != null) {
      return service.awsErrorDetails().errorCode()
          + ": "
          + service.awsErrorDetails().errorMessage();
    }
    return firstLine(e);
  }

  private static String firstLine(Throwable e) {
    String message = String.valueOf(e.getMessage());
    int newline = message.indexOf('\n');
    String line = newline < 0 ? message : message.substring(0, newline);
    return line.length() <= 300 ? line : line.substring(0, 300) + "...";
  }

  /**
   * Explains why {@code action} failed while the trigger fired (after pre-flight passed), with what
   * to do about it.
   */
  static IllegalStateException refused(
      String kind, String action, String target, RuntimeException e) {
    String code = code(e);
    String fix;
    if (code.startsWith("InvalidDBClusterState")
        || code.startsWith("InvalidDBInstanceState")
        || code.startsWith("InvalidBlueGreenDeploymentState")) {
      fix =
          target
              + " is not in a state that allows it: a failover, reboot or maintenance is"
              + " probably in progress. Wait until its status is available, then run again.";
    } else if (ACCESS_DENIED.contains(code)) {
      fix =
          "the AWS identity in use may not call it: grant "
              + deniedAction(e).orElse("rds:" + action)
              + " (all it needs: "
              + iamActions(kind)
              + ").";
    } else if (RdsApi.isTransient(e)) {
      fix =
          "the RDS API did not answer in time or kept throttling; run again, or raise "
              + AwsSettings.API_CALL_TIMEOUT
              + " / "
              + AwsSettings.MAX_ATTEMPTS
              + ".";
    } else {
      fix = "see the AWS error above.";
    }
    return new IllegalStateException(
        "Trigger "
            + kind
            + ": "
            + action
            + " on "
            + target
            + " failed ("
            + describe(e)
            + "): "
            + fix,
        e);
  }
}
