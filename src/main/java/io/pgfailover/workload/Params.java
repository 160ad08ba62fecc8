package io.pgfailover.workload;

import java.util.Map;
import java.util.NoSuchElementException;
import org.jspecify.annotations.Nullable;

/**
 * The parameters an operation runs with (what the feeders put in the virtual user's session), as a
 * plain read-only view: operations and their tests need nothing of Gatling's session.
 */
@FunctionalInterface
public interface Params {
  /** The value of {@code name}, or null when it is not set. */
  @Nullable Object get(String name);

  default long getLong(String name) {
    Object value = require(name);
    return value instanceof Number n ? n.longValue() : Long.parseLong(value.toString());
  }

  default int getInt(String name) {
    Object value = require(name);
    return value instanceof Number n ? n.intValue() : Integer.parseInt(value.toString());
  }

  default @Nullable String getString(String name) {
    Object value = get(name);
    return value == null ? null : value.toString();
  }

  private Object require(String name) {
    Object value = get(name);
    if (value == null) {
      throw new NoSuchElementException("no parameter '" + name + "' (is the feeder attached?)");
    }
    return value;
  }

  /** The parameters in {@code values}. */
  static Params of(Map<String, ?> values) {
    Map<String, ?> copy = Map.copyOf(values);
    return copy::get;
  }
}
