package io.pgfailover.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test (class or method) that needs the real lab: its Debian packages, its ports, and the lab's
 * lock. Tagged {@value #TAG}, so {@code mvn test -Dlab.skip=true} leaves it out by group (pom.xml).
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(NeedsLab.TAG)
public @interface NeedsLab {
  String TAG = "lab";
}
