package io.pgfailover.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulation-name check of MavenPrelude, on this build's own test classes. */
class SimulationChoiceTest {
  private static final Path TEST_CLASSES =
      Path.of(System.getProperty("basedir", "."), "target", "test-classes");
  private final ClassLoader loader = getClass().getClassLoader();

  @Test
  void aKnownNameInEitherFormPasses() throws Exception {
    assertEquals(Optional.empty(), SimulationChoice.refusal("FaultMatrix", TEST_CLASSES, loader));
    assertEquals(
        Optional.empty(),
        SimulationChoice.refusal("simulations.ProxyFailover", TEST_CLASSES, loader));
  }

  @Test
  void aMisspelledNameGetsTheNearestAndTheList() throws Exception {
    String refusal = SimulationChoice.refusal("TpcbFailovr", TEST_CLASSES, loader).orElseThrow();
    assertTrue(refusal.contains("Did you mean TpcbFailover?"), refusal);
    assertTrue(refusal.contains("FaultMatrix, ProxyFailover, TpcbFailover"), refusal);
  }

  @Test
  void withoutCompiledTestsThereIsNothingToCheck(@TempDir Path empty) throws Exception {
    // mvn package -Dmaven.test.skip=true: no test classes, and no refusal either
    assertEquals(Optional.empty(), SimulationChoice.refusal("Anything", empty, loader));
    assertEquals(
        Optional.empty(), SimulationChoice.refusal("Anything", empty.resolve("none"), loader));
  }
}
