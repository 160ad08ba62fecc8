package io.pgfailover.run;

import io.pgfailover.config.Levenshtein;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Checks {@code -Dgatling.simulationClass} before Maven hands it to the Gatling plugin, whose own
 * answer to a misspelled name is a bare "No simulations to run". Matches as the plugin's includes
 * do (pom.xml): the simple name in any package, or the fully qualified name.
 */
final class SimulationChoice {
  /** The package of the simulations a user runs (src/test/java/simulations). */
  static final String USER_PACKAGE = "simulations";

  private static final String SIMULATION_TYPE = "io.gatling.javaapi.core.Simulation";

  private SimulationChoice() {}

  /**
   * The paragraph refusing {@code chosen}, or empty when a simulation class of that name is in
   * {@code testClasses}. A pattern with {@code *} is left to the plugin.
   */
  static Optional<String> refusal(String chosen, Path testClasses, ClassLoader loader)
      throws IOException {
    if (chosen.contains("*")) {
      return Optional.empty();
    }
    List<String> simulations = simulations(testClasses, loader);
    if (simulations.isEmpty()) {
      return Optional.empty(); // test classes skipped or not built (-Dmaven.test.skip): no check
    }
    boolean found =
        simulations.stream().anyMatch(c -> c.equals(chosen) || simpleName(c).equals(chosen));
    if (found) {
      return Optional.empty();
    }
    List<String> offered =
        simulations.stream()
            .filter(c -> c.startsWith(USER_PACKAGE + "."))
            .map(SimulationChoice::simpleName)
            .toList();
    String nearest =
        simulations.stream()
            .map(SimulationChoice::simpleName)
            .min(Comparator.comparingInt(n -> Levenshtein.distance(n, chosen)))
            .orElse("");
    boolean close =
        !nearest.isEmpty()
            && Levenshtein.distance(nearest, chosen) <= Math.max(2, chosen.length() / 3);
    return Optional.of(
        "gatling.simulationClass is '"
            + chosen
            + "', and no simulation has that"
            + " name."
            + (close ? " Did you mean " + nearest + "?" : "")
            + " The simulations are "
            + String.join(", ", offered)
            + " (src/test/java/"
            + USER_PACKAGE
            + "), e.g. mvn"
            + " gatling:test -Dgatling.simulationClass="
            + (close ? nearest : "ProxyFailover")
            + ".");
  }

  /** Fully qualified names of the Simulation subclasses compiled into {@code testClasses}. */
  static List<String> simulations(Path testClasses, ClassLoader loader) throws IOException {
    if (!Files.isDirectory(testClasses)) {
      return List.of();
    }
    Class<?> simulationType;
    try {
      simulationType = Class.forName(SIMULATION_TYPE, false, loader);
    } catch (ClassNotFoundException e) {
      return List.of();
    }
    try (Stream<Path> files = Files.walk(testClasses)) {
      return files
          .map(f -> testClasses.relativize(f).toString())
          .filter(f -> f.endsWith(".class") && !f.contains("$"))
          .map(f -> f.substring(0, f.length() - ".class".length()).replace('/', '.'))
          .filter(c -> isSubclass(c, simulationType, loader))
          .sorted()
          .toList();
    }
  }

  private static boolean isSubclass(String className, Class<?> type, ClassLoader loader) {
    try {
      Class<?> c = Class.forName(className, false, loader);
      return type.isAssignableFrom(c) && !c.equals(type);
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  private static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }
}
