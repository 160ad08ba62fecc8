package io.pgfailover.testsupport;

import io.pgfailover.lab.Lab;
import io.pgfailover.lab.LabSettings;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real lab for one test class: started (or reused) before its first test, stopped after its
 * last. Use it as a static field with {@code @RegisterExtension}, on a class marked {@link
 * NeedsLab}.
 */
public final class LabExtension implements BeforeAllCallback, AfterAllCallback {
  private Lab lab;

  @Override
  public void beforeAll(ExtensionContext context) {
    lab = Lab.start(LabSettings.defaults());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (lab != null) {
      lab.stop();
      lab = null;
    }
  }

  /** The running lab; only between the class's first and last test. */
  public Lab lab() {
    if (lab == null) {
      throw new IllegalStateException("the lab is not started: register LabExtension as static");
    }
    return lab;
  }
}
