package io.pgfailover.workload.tpcb;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The pgbench functions a script may call, with pgbench's argument rules and distributions ({@code
 * getGaussianRand} and {@code getExponentialRand} in pgbench.c, drawn here from {@link
 * ThreadLocalRandom} instead of pgbench's per-client generator).
 */
final class Functions {
  /** pgbench's MIN_GAUSSIAN_PARAM: below it the bell is too flat to be useful. */
  static final double MIN_GAUSSIAN_PARAM = 2.0;

  private Functions() {}

  static Expr call(String name, List<Expr> args, String where) {
    switch (name) {
      case "random" -> {
        arity(name, args, 2, where);
        Expr lo = args.get(0);
        Expr hi = args.get(1);
        return (v, rnd) -> Num.of(uniform(rnd, lo.eval(v, rnd).asLong(), hi.eval(v, rnd).asLong()));
      }
      case "random_gaussian" -> {
        arity(name, args, 3, where);
        Expr lo = args.get(0);
        Expr hi = args.get(1);
        Expr p = args.get(2);
        return (v, rnd) ->
            Num.of(
                gaussian(
                    rnd,
                    lo.eval(v, rnd).asLong(),
                    hi.eval(v, rnd).asLong(),
                    p.eval(v, rnd).asDouble()));
      }
      case "random_exponential" -> {
        arity(name, args, 3, where);
        Expr lo = args.get(0);
        Expr hi = args.get(1);
        Expr p = args.get(2);
        return (v, rnd) ->
            Num.of(
                exponential(
                    rnd,
                    lo.eval(v, rnd).asLong(),
                    hi.eval(v, rnd).asLong(),
                    p.eval(v, rnd).asDouble()));
      }
      case "abs" -> {
        arity(name, args, 1, where);
        Expr a = args.get(0);
        return (v, rnd) -> {
          Num x = a.eval(v, rnd);
          return x.isDouble ? Num.of(Math.abs(x.doubleValue)) : Num.of(Math.absExact(x.longValue));
        };
      }
      case "int" -> {
        arity(name, args, 1, where);
        Expr a = args.get(0);
        return (v, rnd) -> Num.of(a.eval(v, rnd).asLong());
      }
      case "double" -> {
        arity(name, args, 1, where);
        Expr a = args.get(0);
        return (v, rnd) -> Num.of(a.eval(v, rnd).asDouble());
      }
      case "sqrt", "exp", "ln" -> {
        arity(name, args, 1, where);
        Expr a = args.get(0);
        return switch (name) {
          case "sqrt" -> (v, rnd) -> Num.of(Math.sqrt(a.eval(v, rnd).asDouble()));
          case "exp" -> (v, rnd) -> Num.of(Math.exp(a.eval(v, rnd).asDouble()));
          default -> (v, rnd) -> Num.of(Math.log(a.eval(v, rnd).asDouble()));
        };
      }
      case "pow", "power" -> {
        arity(name, args, 2, where);
        Expr a = args.get(0);
        Expr b = args.get(1);
        return (v, rnd) -> Num.of(Math.pow(a.eval(v, rnd).asDouble(), b.eval(v, rnd).asDouble()));
      }
      case "pi" -> {
        arity(name, args, 0, where);
        Num pi = Num.of(Math.PI);
        return (v, rnd) -> pi;
      }
      case "greatest", "least" -> {
        if (args.isEmpty()) {
          throw new ScriptException(where + ": " + name + "() needs at least one argument");
        }
        Expr[] all = args.toArray(new Expr[0]);
        boolean greatest = name.equals("greatest");
        return (v, rnd) -> extreme(all, v, rnd, greatest);
      }
      default ->
          throw new ScriptException(
              where
                  + ": unknown function "
                  + name
                  + "(); supported: "
                  + "random, random_gaussian, random_exponential, abs, int, double, greatest, least, pi, "
                  + "sqrt, exp, ln, pow");
    }
  }

  /** Uniform in [lo, hi], both inclusive, like pgbench's random(). */
  static long uniform(ThreadLocalRandom rnd, long lo, long hi) {
    checkRange("random", lo, hi);
    return lo + rnd.nextLong(hi - lo + 1); // checkRange: hi - lo + 1 > 0
  }

  /** pgbench's getGaussianRand: Box-Muller, truncated to [-param, param), mapped onto [lo, hi]. */
  static long gaussian(ThreadLocalRandom rnd, long lo, long hi, double param) {
    checkRange("random_gaussian", lo, hi);
    if (param < MIN_GAUSSIAN_PARAM) {
      throw new ScriptException(
          "gaussian parameter must be at least " + MIN_GAUSSIAN_PARAM + " (not " + param + ")");
    }
    double stdev;
    do {
      double rand1 = 1.0 - rnd.nextDouble(); // (0, 1] for the log
      double rand2 = rnd.nextDouble();
      stdev = Math.sqrt(-2.0 * Math.log(rand1)) * Math.sin(2.0 * Math.PI * rand2);
    } while (stdev < -param || stdev >= param);
    double unit = (stdev + param) / (param * 2.0);
    return lo + (long) ((hi - lo + 1) * unit);
  }

  /** pgbench's getExponentialRand: an exponential law cut at param, mapped onto [lo, hi]. */
  static long exponential(ThreadLocalRandom rnd, long lo, long hi, double param) {
    checkRange("random_exponential", lo, hi);
    if (!(param > 0.0)) {
      throw new ScriptException(
          "exponential parameter must be greater than zero (not " + param + ")");
    }
    double cut = Math.exp(-param);
    double uniform = 1.0 - rnd.nextDouble(); // (0, 1]
    double unit = -Math.log(cut + (1.0 - cut) * uniform) / param;
    return lo + (long) ((hi - lo + 1) * unit);
  }

  private static void checkRange(String function, long lo, long hi) {
    if (lo > hi) {
      throw new ScriptException("empty range given to " + function + "(" + lo + ", " + hi + ")");
    }
    if (hi - lo < 0 || (hi - lo) + 1 < 0) {
      throw new ScriptException("range too large for " + function + "(" + lo + ", " + hi + ")");
    }
  }

  private static Num extreme(Expr[] all, Num[] v, ThreadLocalRandom rnd, boolean greatest) {
    Num best = all[0].eval(v, rnd);
    boolean anyDouble = best.isDouble;
    for (int i = 1; i < all.length; i++) {
      Num x = all[i].eval(v, rnd);
      anyDouble |= x.isDouble;
      if (greatest ? x.asDouble() > best.asDouble() : x.asDouble() < best.asDouble()) {
        best = x;
      }
    }
    return anyDouble ? Num.of(best.asDouble()) : best;
  }

  private static void arity(String name, List<Expr> args, int n, String where) {
    if (args.size() != n) {
      throw new ScriptException(
          where + ": " + name + "() takes " + n + " argument(s), not " + args.size());
    }
  }
}
