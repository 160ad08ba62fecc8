package io.pgfailover.workload.tpcb;

/**
 * A value of a pgbench expression: an integer or a double, as pgbench types them (integer
 * arithmetic stays integer; any double operand makes the result double). Immutable.
 */
final class Num {
  final boolean isDouble;
  final long longValue;
  final double doubleValue;

  private Num(boolean isDouble, long longValue, double doubleValue) {
    this.isDouble = isDouble;
    this.longValue = longValue;
    this.doubleValue = doubleValue;
  }

  static Num of(long value) {
    return new Num(false, value, value);
  }

  static Num of(double value) {
    return new Num(true, (long) value, value);
  }

  double asDouble() {
    return isDouble ? doubleValue : longValue;
  }

  /** pgbench's int(): a double is truncated toward zero, and must fit a 64-bit integer. */
  long asLong() {
    if (!isDouble) {
      return longValue;
    }
    if (Double.isNaN(doubleValue)
        || doubleValue < -9.223372036854776E18
        || doubleValue >= 9.223372036854776E18) {
      throw new ScriptException("double " + doubleValue + " is out of the integer range");
    }
    return (long) doubleValue;
  }

  /** The feeder's value: a {@code Long} or a {@code Double}. */
  Object boxed() {
    return isDouble ? (Object) doubleValue : (Object) longValue;
  }

  @Override
  public String toString() {
    return isDouble ? Double.toString(doubleValue) : Long.toString(longValue);
  }
}
