package io.pgfailover.workload.tpcb;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A compiled pgbench expression ({@code \set name expr}). Variables are resolved at compile time to
 * slots of the feeder's value array, so evaluation does no name lookup.
 */
@FunctionalInterface
interface Expr {
  Num eval(Num[] vars, ThreadLocalRandom random);
}
