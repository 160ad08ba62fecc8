package io.pgfailover.downtime;

/** PLACEHOLDER until the downtime branch is merged. */
public final class ErrorClassifier {
  private ErrorClassifier() {}

  public static ErrorClass classify(Throwable t) {
    return ErrorClass.OTHER;
  }

  public static String sqlState(Throwable t) {
    return t instanceof java.sql.SQLException s ? s.getSQLState() : null;
  }
}
