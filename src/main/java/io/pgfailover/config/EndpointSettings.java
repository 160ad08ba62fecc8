package io.pgfailover.config;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * One named connection path: a JDBC URL, credentials, a role and a pool size.
 *
 * @param role writer endpoints get every workload, reader endpoints only read-only ones
 * @param wrapperPlugins the AWS Advanced JDBC Wrapper's plugins (its {@code wrapperPlugins}, e.g.
 *     {@code failover2,efm2}) when the endpoint connects through the wrapper; null for plain pgjdbc
 */
public record EndpointSettings(
    String name,
    String url,
    Role role,
    String user,
    Secret password,
    int poolSize,
    @Nullable String wrapperPlugins) {

  /** The wrapper's URL scheme in front of pgjdbc's: {@code jdbc:aws-wrapper:postgresql://...}. */
  public static final String WRAPPER_PREFIX = "jdbc:aws-wrapper:";

  /** A plain pgjdbc endpoint. */
  public EndpointSettings(
      String name, String url, Role role, String user, Secret password, int poolSize) {
    this(name, url, role, user, password, poolSize, null);
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
