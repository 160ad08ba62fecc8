package io.pgfailover.config;

/**
 * A password or token read from the environment. {@link #toString()} never shows it, so a secret
 * cannot leak through a log line, an exception message or a serialised settings object.
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  public static Secret of(String value) {
    return new Secret(value);
  }

  /** The secret itself: pass it straight to the driver, never to a log or a report. */
  public String reveal() {
    return value;
  }

  public boolean isEmpty() {
    return value == null || value.isEmpty();
  }

  @Override
  public String toString() {
    return "****";
  }
}
