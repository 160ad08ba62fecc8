package io.pgfailover.endpoint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgfailover.config.SettingsException;
import java.io.IOException;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClientBuilder;

/**
 * Reads an endpoint's password from a Secrets Manager secret, once, before load: its {@code
 * SecretString} is either the JSON RDS and most tools write ({@code {"username": ..., "password":
 * ...}}), whose {@code password} is taken, or the bare password. Failures name the setting and the
 * AWS error code, never the secret.
 */
final class SecretsManagerPassword {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SecretsManagerPassword() {}

  static String read(
      String setting,
      String secretId,
      @Nullable Region region,
      AwsCredentialsProvider credentials,
      @Nullable URI endpointOverride) {
    SecretsManagerClientBuilder builder =
        SecretsManagerClient.builder().credentialsProvider(credentials);
    if (region != null) {
      builder.region(region);
    }
    if (endpointOverride != null) {
      builder.endpointOverride(endpointOverride);
    }
    String text;
    try (SecretsManagerClient client = builder.build()) {
      text = client.getSecretValue(r -> r.secretId(secretId)).secretString();
    } catch (AwsServiceException e) {
      String code = e.awsErrorDetails() == null ? "?" : e.awsErrorDetails().errorCode();
      throw new SettingsException(
          setting,
          "The Secrets Manager secret '"
              + secretId
              + "' ("
              + setting
              + ") could not be read: "
              + code
              + " (HTTP "
              + e.statusCode()
              + "). Check the secret's name or ARN and region, and that the AWS identity in use"
              + " may call secretsmanager:GetSecretValue on it (and kms:Decrypt on its key).",
          e);
    } catch (SdkException e) {
      throw new SettingsException(
          setting,
          "The Secrets Manager secret '"
              + secretId
              + "' ("
              + setting
              + ") could not be read: "
              + e.getClass().getSimpleName()
              + ". Check the AWS credentials and region (failover.aws.region) and that this machine"
              + " reaches Secrets Manager.",
          e);
    }
    if (text == null || text.isEmpty()) {
      throw new SettingsException(
          setting,
          "The Secrets Manager secret '"
              + secretId
              + "' has no SecretString (a binary secret?): store the password, or the JSON RDS"
              + " writes with a password field.");
    }
    return passwordOf(setting, secretId, text);
  }

  private static String passwordOf(String setting, String secretId, String text) {
    if (!text.trim().startsWith("{")) {
      return text;
    }
    JsonNode node;
    try {
      node = JSON.readTree(text);
    } catch (IOException e) {
      // the parser's message would quote the secret: left out
      throw new SettingsException(
          setting,
          "The Secrets Manager secret '" + secretId + "' looks like JSON but does not parse.");
    }
    JsonNode password = node.path("password");
    if (!password.isTextual()) {
      throw new SettingsException(
          setting,
          "The Secrets Manager secret '"
              + secretId
              + "' is JSON without a password field (fields: "
              + iterable(node)
              + "). Store {\"username\": ..., \"password\": ...}, as RDS does.");
    }
    return password.asText();
  }

  private static String iterable(JsonNode node) {
    StringBuilder names = new StringBuilder();
    node.fieldNames()
        .forEachRemaining(n -> names.append(names.length() == 0 ? "" : ", ").append(n));
    return names.toString();
  }
}
