package io.pgfailover.config;

import java.util.function.Supplier;

/**
 * A password or token read from the environment, or fetched when needed (an IAM auth token, a
 * Secrets Manager secret). {@link #toString()} never shows it, so a secret cannot leak through a
 * log line, an exception message or a serialised settings object.
 */
public final class Secret {
  private final Supplier<String> value;
  private final boolean fetched;

  private Secret(Supplier<String> value, boolean fetched) {
    this.value = value;
    this.fetched = fetched;
  }

  public static Secret of(String value) {
    return new Secret(() -> value, false);
  }

  /**
   * A secret {@code source} gives each time it is revealed, e.g. a token it renews before it
   * expires: whoever connects reveals it at that moment, never keeps it.
   */
  public static Secret fetched(Supplier<String> source) {
    return new Secret(source, true);
  }

  /** The secret itself: pass it straight to the driver, never to a log or a report. */
  public String reveal() {
    return value.get();
  }

  /** True when it is fetched at each use rather than fixed. */
  public boolean isFetched() {
    return fetched;
  }

  public boolean isEmpty() {
    if (fetched) {
      return false;
    }
    String v = value.get();
    return v == null || v.isEmpty();
  }

  @Override
  public String toString() {
    return "****";
  }
}
