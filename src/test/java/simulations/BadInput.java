package simulations;

import io.pgfailover.config.SettingsException;
import io.pgfailover.run.FailoverRun;
import java.util.function.Supplier;

/**
 * The simulations' answer to bad input: the refusal's paragraph and its own exit status, at once,
 * before Gatling starts anything. Exiting is the entry point's decision, so it is made here and not
 * in the library.
 */
final class BadInput {
  private BadInput() {}

  static FailoverRun exitOn(Supplier<FailoverRun> prepare) {
    try {
      return prepare.get();
    } catch (SettingsException e) {
      System.exit(FailoverRun.refuse(e));
      throw e; // not reached
    }
  }
}
