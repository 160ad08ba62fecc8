package io.pgfailover.config;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One named connection path: a JDBC URL, credentials, a role and a pool size.
 *
 * @param role writer endpoints get every workload, reader endpoints only read-only ones
 * @param wrapperPlugins the AWS Advanced JDBC Wrapper's plugins (its {@code wrapperPlugins}, e.g.
 *     {@code failover2,efm2}) when the endpoint connects through the wrapper; null for plain pgjdbc
 * @param auth where the password comes from
 * @param secretId the Secrets Manager secret (name or ARN) of {@link Auth#SECRETS_MANAGER}
 */
public record EndpointSettings(
    String name,
    String url,
    Role role,
    String user,
    Secret password,
    int poolSize,
    @Nullable String wrapperPlugins,
    Auth auth,
    @Nullable String secretId) {

  /** The wrapper's URL scheme in front of pgjdbc's: {@code jdbc:aws-wrapper:postgresql://...}. */
  public static final String WRAPPER_PREFIX = "jdbc:aws-wrapper:";

  /** A plain pgjdbc endpoint. */
  public EndpointSettings(
      String name, String url, Role role, String user, Secret password, int poolSize) {
    this(name, url, role, user, password, poolSize, null, Auth.PASSWORD, null);
  }

  /** A password endpoint, through the wrapper when {@code wrapperPlugins} is not null. */
  public EndpointSettings(
      String name,
      String url,
      Role role,
      String user,
      Secret password,
      int poolSize,
      @Nullable String wrapperPlugins) {
    this(name, url, role, user, password, poolSize, wrapperPlugins, Auth.PASSWORD, null);
  }

  /** Where an endpoint's password comes from, as {@code endpoints.<name>.auth} spells it. */
  public enum Auth {
    /** The environment variable named by password-env. */
    PASSWORD,
    /**
     * An RDS IAM authentication token, generated with the AWS SDK and renewed before it expires.
     */
    IAM,
    /** The {@code password} of a Secrets Manager secret ({@code secret-id}), read before load. */
    SECRETS_MANAGER;

    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** A copy whose password is {@code secret} (one fetched from AWS). */
  public EndpointSettings withPassword(Secret secret) {
    return new EndpointSettings(
        name, url, role, user, secret, poolSize, wrapperPlugins, auth, secretId);
  }

  /** What an endpoint is for. */
  public enum Role {
    WRITER,
    READER;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** True when the endpoint connects through the AWS Advanced JDBC Wrapper. */
  public boolean usesWrapper() {
    return wrapperPlugins != null;
  }

  /** The URL the driver is given: {@link #url()}, behind the wrapper's prefix when it is used. */
  public String connectUrl() {
    return usesWrapper() ? WRAPPER_PREFIX + url.substring("jdbc:".length()) : url;
  }

  /** The URL with any password parameter masked, for logs and reports. */
  public String maskedUrl() {
    return url.replaceAll("(?i)(password=)[^&]*", "$1****");
  }
}
