package io.pgfailover.config;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What the AWS triggers act on and how they call the RDS API. Immutable; validated once, here.
 *
 * <p>Credentials are not a setting: production code uses the SDK's default credentials provider
 * chain (environment, profile, SSO, web identity, container or instance role), and they are never
 * logged.
 *
 * @param region AWS region, e.g. "eu-west-1"; null means the SDK's default region chain
 * @param clusterId Aurora or Multi-AZ DB cluster identifier ({@code aurora-failover}; optional for
 *     {@code rds-reboot}, where it adds the cluster's writer change to the timeline)
 * @param instanceId DB instance to reboot ({@code rds-reboot})
 * @param targetInstanceId reader to promote (FailoverDBCluster's TargetDBInstanceIdentifier); null
 *     lets RDS choose
 * @param forceFailover {@code RebootDBInstance}'s ForceFailover (Multi-AZ instances)
 * @param endpointOverride RDS API endpoint, e.g. a VPC interface endpoint; null: the regional one
 * @param pollInterval how often the cluster or instance is described while the trigger waits
 * @param apiCallTimeout cap on one API call, retries included
 * @param maxAttempts attempts per API call (1 = no retry) with the SDK's standard retry strategy
 * @param instanceClass the new DB instance class of {@code rds-modify-class}, e.g. db.r6g.xlarge
 * @param engineVersion the new minor engine version of {@code rds-upgrade}, e.g. 16.4
 * @param blueGreenDeploymentId the blue/green deployment {@code blue-green-switchover} switches
 *     over, e.g. bgd-0123456789abcdef
 */
public record AwsSettings(
    @Nullable String region,
    @Nullable String clusterId,
    @Nullable String instanceId,
    @Nullable String targetInstanceId,
    boolean forceFailover,
    @Nullable URI endpointOverride,
    Duration pollInterval,
    Duration apiCallTimeout,
    int maxAttempts,
    @Nullable String instanceClass,
    @Nullable String engineVersion,
    @Nullable String blueGreenDeploymentId) {

  public static final String PREFIX = "failover.aws.";
  public static final String REGION = PREFIX + "region";
  public static final String CLUSTER_ID = PREFIX + "cluster-id";
  public static final String INSTANCE_ID = PREFIX + "instance-id";
  public static final String TARGET_INSTANCE_ID = PREFIX + "target-instance-id";
  public static final String FORCE_FAILOVER = PREFIX + "force-failover";
  public static final String ENDPOINT_OVERRIDE = PREFIX + "endpoint-override";
  public static final String POLL_INTERVAL = PREFIX + "poll-interval";
  public static final String API_CALL_TIMEOUT = PREFIX + "api-call-timeout";
  public static final String MAX_ATTEMPTS = PREFIX + "max-attempts";
  public static final String INSTANCE_CLASS = PREFIX + "instance-class";
  public static final String ENGINE_VERSION = PREFIX + "engine-version";
  public static final String BLUE_GREEN_DEPLOYMENT_ID = PREFIX + "blue-green-deployment-id";

  public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofSeconds(1);
  public static final Duration DEFAULT_API_CALL_TIMEOUT = Duration.ofSeconds(10);

  /** The SDK's standard retry mode default. */
  public static final int DEFAULT_MAX_ATTEMPTS = 3;

  /** More attempts than this would let one throttled call eat most of a trigger deadline. */
  static final int MAX_MAX_ATTEMPTS = 10;

  public AwsSettings {
    region = blankToNull(region);
    clusterId = blankToNull(clusterId);
    instanceId = blankToNull(instanceId);
    targetInstanceId = blankToNull(targetInstanceId);
    instanceClass = blankToNull(instanceClass);
    engineVersion = blankToNull(engineVersion);
    blueGreenDeploymentId = blankToNull(blueGreenDeploymentId);
    if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
      throw new SettingsException(
          POLL_INTERVAL,
          POLL_INTERVAL + " must be a positive duration," + " e.g. 1s; got " + pollInterval + ".");
    }
    if (apiCallTimeout == null || apiCallTimeout.isNegative() || apiCallTimeout.isZero()) {
      throw new SettingsException(
          API_CALL_TIMEOUT,
          API_CALL_TIMEOUT
              + " must be a positive"
              + " duration, e.g. 10s; got "
              + apiCallTimeout
              + ".");
    }
    if (maxAttempts < 1 || maxAttempts > MAX_MAX_ATTEMPTS) {
      throw new SettingsException(
          MAX_ATTEMPTS,
          MAX_ATTEMPTS
              + " must be between 1 and "
              + MAX_MAX_ATTEMPTS
              + " (attempts per RDS API call, 1 = no retry); got "
              + maxAttempts
              + ".");
    }
    if (endpointOverride != null
        && (endpointOverride.getScheme() == null || endpointOverride.getHost() == null)) {
      throw new SettingsException(
          ENDPOINT_OVERRIDE,
          ENDPOINT_OVERRIDE
              + " must be an absolute"
              + " URL such as https://vpce-0123-abcd.rds.eu-west-1.vpce.amazonaws.com; got "
              + endpointOverride
              + ".");
    }
  }

  /** Settings for an Aurora or Multi-AZ DB cluster failover, everything else at its default. */
  public static AwsSettings forCluster(@Nullable String region, String clusterId) {
    return new AwsSettings(
        region,
        clusterId,
        null,
        null,
        false,
        null,
        DEFAULT_POLL_INTERVAL,
        DEFAULT_API_CALL_TIMEOUT,
        DEFAULT_MAX_ATTEMPTS,
        null,
        null,
        null);
  }

  /** Settings for rebooting one DB instance, everything else at its default. */
  public static AwsSettings forInstance(
      @Nullable String region, String instanceId, boolean forceFailover) {
    return new AwsSettings(
        region,
        null,
        instanceId,
        null,
        forceFailover,
        null,
        DEFAULT_POLL_INTERVAL,
        DEFAULT_API_CALL_TIMEOUT,
        DEFAULT_MAX_ATTEMPTS,
        null,
        null,
        null);
  }

  /** A copy that calls the RDS API at {@code uri} (tests, VPC endpoints). */
  public AwsSettings withEndpointOverride(@Nullable URI uri) {
    return new AwsSettings(
        region,
        clusterId,
        instanceId,
        targetInstanceId,
        forceFailover,
        uri,
        pollInterval,
        apiCallTimeout,
        maxAttempts,
        instanceClass,
        engineVersion,
        blueGreenDeploymentId);
  }

  /** A copy with another poll interval. */
  public AwsSettings withPollInterval(Duration interval) {
    return new AwsSettings(
        region,
        clusterId,
        instanceId,
        targetInstanceId,
        forceFailover,
        endpointOverride,
        interval,
        apiCallTimeout,
        maxAttempts,
        instanceClass,
        engineVersion,
        blueGreenDeploymentId);
  }

  /** A copy that fails over to {@code instance} (null lets RDS choose). */
  public AwsSettings withTargetInstanceId(@Nullable String instance) {
    return new AwsSettings(
        region,
        clusterId,
        instanceId,
        instance,
        forceFailover,
        endpointOverride,
        pollInterval,
        apiCallTimeout,
        maxAttempts,
        instanceClass,
        engineVersion,
        blueGreenDeploymentId);
  }

  /** A copy that also follows {@code cluster}'s writer ({@code rds-reboot}). */
  public AwsSettings withClusterId(@Nullable String cluster) {
    return new AwsSettings(
        region,
        cluster,
        instanceId,
        targetInstanceId,
        forceFailover,
        endpointOverride,
        pollInterval,
        apiCallTimeout,
        maxAttempts,
        instanceClass,
        engineVersion,
        blueGreenDeploymentId);
  }

  /** A copy with another attempt count per API call. */
  public AwsSettings withMaxAttempts(int attempts) {
    return new AwsSettings(
        region,
        clusterId,
        instanceId,
        targetInstanceId,
        forceFailover,
        endpointOverride,
        pollInterval,
        apiCallTimeout,
        attempts,
        instanceClass,
        engineVersion,
        blueGreenDeploymentId);
  }

  /** A copy that changes the instance class to {@code instanceClass} ({@code rds-modify-class}). */
  public AwsSettings withInstanceClass(@Nullable String newClass) {
    return new AwsSettings(
        region,
        clusterId,
        instanceId,
        targetInstanceId,
        forceFailover,
        endpointOverride,
        pollInterval,
        apiCallTimeout,
        maxAttempts,
        newClass,
        engineVersion,
        blueGreenDeploymentId);
  }

  /** A copy that upgrades to {@code version} ({@code rds-upgrade}). */
  public AwsSettings withEngineVersion(@Nullable String version) {
    return new AwsSettings(
        region,
        clusterId,
        instanceId,
        targetInstanceId,
        forceFailover,
        endpointOverride,
        pollInterval,
        apiCallTimeout,
        maxAttempts,
        instanceClass,
        version,
        blueGreenDeploymentId);
  }

  /** A copy that switches over blue/green deployment {@code id} ({@code blue-green-switchover}). */
  public AwsSettings withBlueGreenDeploymentId(@Nullable String id) {
    return new AwsSettings(
        region,
        clusterId,
        instanceId,
        targetInstanceId,
        forceFailover,
        endpointOverride,
        pollInterval,
        apiCallTimeout,
        maxAttempts,
        instanceClass,
        engineVersion,
        id);
  }

  private static @Nullable String blankToNull(@Nullable String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
