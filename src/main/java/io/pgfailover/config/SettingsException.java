package io.pgfailover.config;

/**
 * Bad input, found before any load starts. The message is one paragraph that names the setting,
 * what is wrong with it and how to fix it; it never contains a secret.
 */
public final class SettingsException extends RuntimeException {
  private final String setting;

  public SettingsException(String setting, String message) {
    super(message);
    this.setting = setting;
  }

  public SettingsException(String setting, String message, Throwable cause) {
    super(message, cause);
    this.setting = setting;
  }

  /** The configuration key at fault, e.g. "failover.trigger". */
  public String setting() {
    return setting;
  }
}
