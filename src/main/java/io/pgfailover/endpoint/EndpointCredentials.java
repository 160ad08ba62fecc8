package io.pgfailover.endpoint;

import io.pgfailover.config.EndpointSettings;
import io.pgfailover.config.Secret;
import io.pgfailover.config.SettingsException;
import java.net.URI;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import org.postgresql.Driver;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * Gives an endpoint the password its {@code auth} says, before pre-flight: an IAM auth token
 * renewed as it ages, or the password of a Secrets Manager secret. The pool, the probe and
 * pre-flight reveal it at each new connection. AWS credentials come from the SDK's default chain.
 */
public final class EndpointCredentials {
  private EndpointCredentials() {}

  /** {@code endpoint} with its password in place; a password endpoint comes back as it is. */
  public static EndpointSettings resolve(EndpointSettings endpoint, @Nullable String region) {
    if (endpoint.auth() == EndpointSettings.Auth.PASSWORD) {
      return endpoint;
    }
    return resolve(
        endpoint, regionOf(endpoint, region), DefaultCredentialsProvider.builder().build(), null);
  }

  /** With explicit credentials and Secrets Manager endpoint (tests, VPC endpoints). */
  static EndpointSettings resolve(
      EndpointSettings endpoint,
      Region region,
      AwsCredentialsProvider credentials,
      @Nullable URI secretsManagerEndpoint) {
    String prefix = "failover.endpoints." + endpoint.name();
    return switch (endpoint.auth()) {
      case PASSWORD -> endpoint;
      case SECRETS_MANAGER ->
          endpoint.withPassword(
              Secret.of(
                  SecretsManagerPassword.read(
                      prefix + ".secret-id",
                      endpoint.secretId(),
                      region,
                      credentials,
                      secretsManagerEndpoint)));
      case IAM -> {
        Properties url = Driver.parseURL(endpoint.url(), null);
        IamAuthToken token =
            new IamAuthToken(
                url.getProperty("PGHOST"),
                Integer.parseInt(url.getProperty("PGPORT", "5432")),
                endpoint.user(),
                region,
                credentials,
                System::nanoTime);
        yield endpoint.withPassword(Secret.fetched(token));
      }
    };
  }

  private static Region regionOf(EndpointSettings endpoint, @Nullable String region) {
    if (region != null && !region.isBlank()) {
      return Region.of(region);
    }
    try {
      return new DefaultAwsRegionProviderChain().getRegion();
    } catch (SdkClientException e) {
      throw new SettingsException(
          "failover.aws.region",
          "Endpoint '"
              + endpoint.name()
              + "' authenticates with "
              + endpoint.auth().label()
              + ", which needs the AWS region: set failover.aws.region (e.g. eu-west-1) or"
              + " AWS_REGION.",
          e);
    }
  }
}
