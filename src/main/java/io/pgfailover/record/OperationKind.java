package io.pgfailover.record;

/** What an operation does to the database; failures and success rates are reported per kind. */
public enum OperationKind {
  READ,
  WRITE,
  TRANSACTION;

  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
