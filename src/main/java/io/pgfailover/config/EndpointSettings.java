package io.pgfailover.config;

import java.util.Locale;

/**
 * One named connection path: a JDBC URL, credentials, a role and a pool size.
 *
 * @param role writer endpoints get every workload, reader endpoints only read-only ones
 */
public record EndpointSettings(
    String name, String url, Role role, String user, Secret password, int poolSize) {

  /** What an endpoint is for. */
  public enum Role {
    WRITER,
    READER;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The URL with any password parameter masked, for logs and reports. */
  public String maskedUrl() {
    return url.replaceAll("(?i)(password=)[^&]*", "$1****");
  }
}
