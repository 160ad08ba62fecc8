package io.pgfailover.workload.tpcb;

/** A pgbench script that cannot be parsed or evaluated; the message names the line and the fix. */
public final class ScriptException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ScriptException(String message) {
    super(message);
  }
}
