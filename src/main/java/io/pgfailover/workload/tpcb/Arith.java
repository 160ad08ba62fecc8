package io.pgfailover.workload.tpcb;

/** pgbench's arithmetic: exact 64-bit integers (overflow is an error), doubles otherwise. */
final class Arith {
  private Arith() {}

  static Num add(Num a, Num b) {
    if (a.isDouble || b.isDouble) {
      return Num.of(a.asDouble() + b.asDouble());
    }
    try {
      return Num.of(Math.addExact(a.longValue, b.longValue));
    } catch (ArithmeticException e) {
      throw new ScriptException("bigint out of range: " + a + " + " + b);
    }
  }

  static Num sub(Num a, Num b) {
    if (a.isDouble || b.isDouble) {
      return Num.of(a.asDouble() - b.asDouble());
    }
    try {
      return Num.of(Math.subtractExact(a.longValue, b.longValue));
    } catch (ArithmeticException e) {
      throw new ScriptException("bigint out of range: " + a + " - " + b);
    }
  }

  static Num mul(Num a, Num b) {
    if (a.isDouble || b.isDouble) {
      return Num.of(a.asDouble() * b.asDouble());
    }
    try {
      return Num.of(Math.multiplyExact(a.longValue, b.longValue));
    } catch (ArithmeticException e) {
      throw new ScriptException("bigint out of range: " + a + " * " + b);
    }
  }

  static Num div(Num a, Num b) {
    if (a.isDouble || b.isDouble) {
      if (b.asDouble() == 0.0) {
        throw new ScriptException("division by zero: " + a + " / " + b);
      }
      return Num.of(a.asDouble() / b.asDouble());
    }
    if (b.longValue == 0) {
      throw new ScriptException("division by zero: " + a + " / " + b);
    }
    if (a.longValue == Long.MIN_VALUE && b.longValue == -1) {
      throw new ScriptException("bigint out of range: " + a + " / " + b);
    }
    return Num.of(a.longValue / b.longValue);
  }

  /** Integer remainder, truncated like C (pgbench accepts integers only). */
  static Num mod(Num a, Num b) {
    if (a.isDouble || b.isDouble) {
      throw new ScriptException("% needs integers: " + a + " % " + b);
    }
    if (b.longValue == 0) {
      throw new ScriptException("division by zero: " + a + " % " + b);
    }
    return Num.of(b.longValue == -1 ? 0L : a.longValue % b.longValue);
  }
}
