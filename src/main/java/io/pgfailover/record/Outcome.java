package io.pgfailover.record;

/** How a call a trigger made was answered: the outcome of its {@code returned} event. */
public enum Outcome {
  /** Done as asked: HTTP 200, exit status 0, an API call accepted. */
  OK,
  /** Answered, and turned down: an HTTP status other than 200. */
  REFUSED,
  /** No answer to go by: a transport error, a non-zero exit, a time limit. */
  FAILED
}
