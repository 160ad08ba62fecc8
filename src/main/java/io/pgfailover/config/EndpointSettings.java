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
 * @param pool this endpoint's own pool size and client timeouts ({@code
 *     failover.endpoints.<name>.socket-timeout} and the like over {@code failover.pool.*}), so two
 *     endpoints on one path can compare client settings; null: the run's {@code failover.pool}
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
    @Nullable String secretId,
    @Nullable PoolSettings pool) {

  /** The URL prefix of an endpoint on a path of the local lab: {@code lab:direct}. */
  public static final String LAB_PREFIX = "lab:";

  /** The wrapper's URL scheme in front of pgjdbc's: {@code jdbc:aws-wrapper:postgresql://...}. */
  public static final String WRAPPER_PREFIX = "jdbc:aws-wrapper:";

  /** A plain pgjdbc endpoint. */
  public EndpointSettings(
      String name, String url, Role role, String user, Secret password, int poolSize) {
    this(name, url, role, user, password, poolSize, null, Auth.PASSWORD, null, null);
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
    this(name, url, role, user, password, poolSize, wrapperPlugins, Auth.PASSWORD, null, null);
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
        name, url, role, user, secret, poolSize, wrapperPlugins, auth, secretId, pool);
  }

  /**
   * The lab path this endpoint names with a {@code lab:<path>} URL, if it does (see {@link
   * LabEndpoint}); the lab then gives its real URL and credentials.
   */
  public java.util.Optional<LabEndpoint> labPath() {
    return url.startsWith(LAB_PREFIX)
        ? LabEndpoint.ofLabel(url.substring(LAB_PREFIX.length()))
        : java.util.Optional.empty();
  }

  /** A {@code lab:} endpoint made concrete: the lab's URL and credentials, the rest kept. */
  public EndpointSettings onLab(String labUrl, String labUser, Secret labPassword) {
    return new EndpointSettings(
        name, labUrl, role, labUser, labPassword, poolSize, wrapperPlugins, auth, secretId, pool);
  }

  /** The pool and timeouts this endpoint runs with: its own, else the run's. */
  public PoolSettings poolOr(PoolSettings runDefaults) {
    return pool != null ? pool : runDefaults;
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
