package io.pgfailover.trigger.aws;

import io.pgfailover.config.AwsSettings;
import io.pgfailover.config.SettingsException;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.RdsClientBuilder;
import software.amazon.awssdk.services.rds.model.DBCluster;
import software.amazon.awssdk.services.rds.model.DBInstance;

/**
 * The synchronous RDS client the AWS triggers share, built once from {@link AwsSettings}.
 *
 * <p>Retries are the SDK's <em>standard</em> strategy (exponential backoff with jitter, a longer
 * base delay for throttling, a retry-token bucket) with a bounded number of attempts, and every
 * call, retries included, is capped by the api-call timeout: a throttled or unreachable API can
 * neither hang the trigger nor retry forever.
 */
final class RdsApi implements AutoCloseable {
  private final RdsClient client;
  private final AwsCredentialsProvider credentials;
  private final String kind;

  RdsApi(String kind, AwsSettings settings, AwsCredentialsProvider credentials) {
    this.kind = kind;
    this.credentials = credentials;
    RdsClientBuilder builder =
        RdsClient.builder()
            .credentialsProvider(credentials)
            .overrideConfiguration(
                ClientOverrideConfiguration.builder()
                    .retryStrategy(retryStrategy(settings.maxAttempts()))
                    .apiCallTimeout(settings.apiCallTimeout())
                    .build());
    if (settings.region() != null) {
      builder.region(Region.of(settings.region()));
    }
    if (settings.endpointOverride() != null) {
      builder.endpointOverride(settings.endpointOverride());
    }
    try {
      this.client = builder.build();
    } catch (SdkClientException e) {
      // Without a configured region the SDK asks its default region chain, which may find none.
      throw new SettingsException(
          AwsSettings.REGION,
          "Trigger "
              + kind
              + " cannot tell which AWS"
              + " region the cluster is in: "
              + AwsSettings.REGION
              + " is not set and the SDK's default"
              + " region chain found none ("
              + e.getMessage()
              + "). Set "
              + AwsSettings.REGION
              + " (e.g. eu-west-1), or AWS_REGION in the environment, or region in the AWS profile.",
          e);
    }
  }

  /** The standard retry strategy of the AWS SDK, with {@code maxAttempts} attempts per call. */
  static RetryStrategy retryStrategy(int maxAttempts) {
    return AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(maxAttempts).build();
  }

  RdsClient client() {
    return client;
  }

  /** Resolves credentials through the provider now, so a missing one is a settings error. */
  void checkCredentials() {
    try {
      credentials.resolveCredentials();
    } catch (RuntimeException e) {
      throw RdsFailures.noCredentials(kind, e);
    }
  }

  /** The cluster as RDS describes it now. Throws the SDK's exception (mapped by the caller). */
  DBCluster describeCluster(String clusterId) {
    List<DBCluster> clusters =
        client.describeDBClusters(r -> r.dbClusterIdentifier(clusterId)).dbClusters();
    if (clusters.isEmpty()) {
      throw new IllegalStateException("DescribeDBClusters returned no cluster for " + clusterId);
    }
    return clusters.get(0);
  }

  /** The instance as RDS describes it now. Throws the SDK's exception (mapped by the caller). */
  DBInstance describeInstance(String instanceId) {
    List<DBInstance> instances =
        client.describeDBInstances(r -> r.dbInstanceIdentifier(instanceId)).dbInstances();
    if (instances.isEmpty()) {
      throw new IllegalStateException("DescribeDBInstances returned no instance for " + instanceId);
    }
    return instances.get(0);
  }

  /** True for errors worth another poll: throttling left after the retries, network trouble. */
  static boolean isTransient(RuntimeException e) {
    if (e instanceof SdkClientException) {
      return true;
    }
    return e instanceof AwsServiceException service
        && (service.isThrottlingException() || service.statusCode() >= 500);
  }

  @Override
  public void close() {
    client.close();
    // The SDK client never closes a provider it was given; the default chain may hold clients.
    if (credentials instanceof DefaultCredentialsProvider chain) {
      chain.close();
    }
  }
}
