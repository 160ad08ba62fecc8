package io.pgfailover.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a simulation the way the Gatling Maven plugin does (its own JVM, the plugin's JVM options,
 * our settings as system properties) and gives back what a user would look at: the exit status, the
 * console output, the HTML report folder and its failover.json.
 */
public final class GatlingRun {
  private static final int MAX_MINUTES = 6;

  private final int exitCode;
  private final String output;
  private final Path results;
  private final String simulation;

  private GatlingRun(int exitCode, String output, Path results, String simulation) {
    this.exitCode = exitCode;
    this.output = output;
    this.results = results;
    this.simulation = simulation;
  }

  /** Runs {@code simulations.<simulation>} with {@code -D} settings, results into {@code results}. */
  public static GatlingRun run(String simulation, Path results, List<String> settings)
      throws IOException, InterruptedException {
    return run(simulation, "simulations." + simulation, results, settings);
  }

  /** Runs a test's own simulation class, as {@link #run(String, Path, List)} does. */
  public static GatlingRun run(Class<?> simulation, Path results, List<String> settings)
      throws IOException, InterruptedException {
    return run(simulation.getSimpleName(), simulation.getName(), results, settings);
  }

  private static GatlingRun run(String simulation, String className, Path results,
      List<String> settings) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1G",
        // what the Gatling Maven plugin adds to its forked JVM
        "--add-opens=java.base/java.lang=ALL-UNNAMED",
        "-Dfailover.results-dir=" + results));
    command.addAll(settings);
    command.addAll(List.of(
        "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
        "io.gatling.app.Gatling", "--simulation", className,
        "--results-folder", results.toString()));
    Path log = results.resolve("run.log");
    Process gatling = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    boolean finished = gatling.waitFor(MAX_MINUTES, TimeUnit.MINUTES);
    if (!finished) {
      gatling.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }
    String output = Files.readString(log, StandardCharsets.UTF_8);
    if (!finished) {
      throw new AssertionError("the run did not finish within " + MAX_MINUTES + " minutes:\n"
          + tail(output));
    }
    return new GatlingRun(gatling.exitValue(), output, results, simulation);
  }

  public int exitCode() {
    return exitCode;
  }

  public String output() {
    return output;
  }

  /** The end of the output, for assertion messages. */
  public String tail() {
    return tail(output);
  }

  /** The HTML report folder Gatling wrote for this run. */
  public Path report() throws IOException {
    String prefix = simulation.toLowerCase(Locale.ROOT) + "-";
    try (Stream<Path> dirs = Files.list(results)) {
      return dirs.filter(d -> d.getFileName().toString().startsWith(prefix))
          .filter(d -> Files.isRegularFile(d.resolve("index.html")))
          .findFirst().orElseThrow(() -> new AssertionError("no Gatling report in " + results
              + ":\n" + tail()));
    }
  }

  /** failover.json beside the report. */
  public JsonNode json() throws IOException {
    return new ObjectMapper().readTree(report().resolve("failover.json").toFile());
  }

  private static String tail(String output) {
    return output.length() > 6000 ? output.substring(output.length() - 6000) : output;
  }
}
