package io.pgfailover.workload.tpcb;

/** {@code \set name expression}: the value goes to {@code slot} of the feeder's variables. */
record SetCommand(String name, int slot, Expr expression, int line) {}
