package io.pgfailover.lab;

/** The lab could not be brought up, healed or inspected; the message names what was awaited. */
public final class LabException extends RuntimeException {
  public LabException(String message) {
    super(message);
  }

  public LabException(String message, Throwable cause) {
    super(message, cause);
  }
}
