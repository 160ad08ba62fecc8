package io.pgfailover.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs a simulation and gives back what a user would look at: the exit status, the console output,
 * the HTML report folder and its failover.json. Either the way the Gatling Maven plugin forks it
 * (its own JVM, the plugin's JVM options, our settings as system properties), or through {@code mvn
 * gatling:test} itself, as a user or CI runs it; {@link #start} gives the running process, to
 * interrupt it.
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

  /**
   * Runs {@code simulations.<simulation>} with {@code -D} settings, results into {@code results}.
   */
  public static GatlingRun run(String simulation, Path results, List<String> settings)
      throws IOException, InterruptedException {
    return start(simulation, "simulations." + simulation, results, settings).finish();
  }

  /** Runs a test's own simulation class, as {@link #run(String, Path, List)} does. */
  public static GatlingRun run(Class<?> simulation, Path results, List<String> settings)
      throws IOException, InterruptedException {
    return start(simulation.getSimpleName(), simulation.getName(), results, settings).finish();
  }

  /** Starts {@code simulations.<simulation>} in its own JVM, as the plugin forks it. */
  public static Running start(String simulation, Path results, List<String> settings)
      throws IOException {
    return start(simulation, "simulations." + simulation, results, settings);
  }

  /**
   * Starts {@code mvn gatling:test -Dgatling.simulationClass=<simulation>} in the project, with
   * both Gatling's and our results in {@code results}, in a process group of its own (its pid is
   * the group's), so that it can be sent a terminal's Ctrl-C.
   */
  public static Running startMaven(String simulation, Path results, List<String> settings)
      throws IOException {
    return startMaven(simulation, results, settings, Map.of());
  }

  /** As {@link #startMaven(String, Path, List)}, with environment variables added (a password). */
  public static Running startMaven(
      String simulation, Path results, List<String> settings, Map<String, String> environment)
      throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "setsid",
                "mvn",
                "-B",
                "-ntp",
                "gatling:test",
                "-Dgatling.simulationClass=" + simulation,
                "-Dgatling.resultsFolder=" + results,
                "-Dfailover.results-dir=" + results));
    command.addAll(settings);
    return launch(
        command,
        Path.of(System.getProperty("basedir", System.getProperty("user.dir"))),
        results,
        simulation,
        environment);
  }

  private static Running start(
      String simulation, String className, Path results, List<String> settings) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1G",
                // what the Gatling Maven plugin adds to its forked JVM
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "-Dfailover.results-dir=" + results));
    command.addAll(settings);
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
            "io.gatling.app.Gatling",
            "--simulation",
            className,
            "--results-folder",
            results.toString()));
    return launch(command, Path.of(System.getProperty("user.dir")), results, simulation, Map.of());
  }

  private static Running launch(
      List<String> command,
      Path dir,
      Path results,
      String simulation,
      Map<String, String> environment)
      throws IOException {
    Path log = results.resolve("run.log");
    // A shell's background job has SIGINT ignored, its children inherit that, and HotSpot then
    // installs no handler for it: a test run started that way (nohup, `cmd &`) would see its
    // Ctrl-C cases ignore the signal (seen: the run completed as if never interrupted). Reset it
    // to the default before exec; exec keeps the PID, so signals still reach the program.
    List<String> withDefaultSignals =
        new ArrayList<>(
            List.of(
                "perl",
                "-e",
                "$SIG{INT} = $SIG{QUIT} = 'DEFAULT'; exec {$ARGV[0]} @ARGV or die $!"));
    withDefaultSignals.addAll(command);
    ProcessBuilder builder =
        new ProcessBuilder(withDefaultSignals)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    builder.environment().putAll(environment);
    Process process = builder.start();
    return new Running(process, log, results, simulation);
  }

  /** A run in progress. */
  public static final class Running {
    private final Process process;
    private final Path log;
    private final Path results;
    private final String simulation;

    private Running(Process process, Path log, Path results, String simulation) {
      this.process = process;
      this.log = log;
      this.results = results;
      this.simulation = simulation;
    }

    public long pid() {
      return process.pid();
    }

    /** Waits until the output contains {@code text}; fails if the run ends or time runs out. */
    public void awaitOutput(String text, Duration timeout)
        throws IOException, InterruptedException {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        if (output().contains(text)) {
          return;
        }
        if (!process.isAlive()) {
          throw new AssertionError(
              "the run ended before printing '" + text + "':\n" + tail(output()));
        }
        Thread.sleep(100);
      }
      process.destroyForcibly();
      throw new AssertionError("no '" + text + "' within " + timeout + ":\n" + tail(output()));
    }

    /** Sends {@code signal} (e.g. "INT") to the process, or to its whole group. */
    public void signal(String signal, boolean wholeGroup) throws IOException, InterruptedException {
      String target = (wholeGroup ? "-" : "") + process.pid();
      Process kill = new ProcessBuilder("kill", "-" + signal, "--", target).inheritIO().start();
      if (kill.waitFor() != 0) {
        throw new AssertionError("kill -" + signal + " " + target + " failed");
      }
    }

    private String output() throws IOException {
      return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** Waits for the end (bounded) and gives the result. */
    public GatlingRun finish() throws IOException, InterruptedException {
      boolean finished = process.waitFor(MAX_MINUTES, TimeUnit.MINUTES);
      if (!finished) {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
      String output = output();
      if (!finished) {
        throw new AssertionError(
            "the run did not finish within " + MAX_MINUTES + " minutes:\n" + tail(output));
      }
      return new GatlingRun(process.exitValue(), output, results, simulation);
    }
  }

  public int exitCode() {
    return exitCode;
  }

  public String output() {
    return output;
  }

  /**
   * The last line that is not blank, as a terminal shows it: what a user or CI reads first. Colour
   * codes are dropped (Maven's console library resets the colours at exit, even in batch mode).
   */
  public String lastLine() {
    String[] lines = output.replaceAll("\u001B\\[[0-9;]*m", "").strip().split("\n");
    return lines[lines.length - 1].strip();
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
          .findFirst()
          .orElseThrow(
              () -> new AssertionError("no Gatling report in " + results + ":\n" + tail()));
    }
  }

  /** failover.json beside the report. */
  public JsonNode json() throws IOException {
    return new ObjectMapper().readTree(report().resolve("failover.json").toFile());
  }

  /**
   * failover.json in the run folder (results/runs/&lt;run id&gt;), written even without a report.
   */
  public JsonNode runFolderJson() throws IOException {
    try (Stream<Path> dirs = Files.list(results.resolve("runs"))) {
      Path dir =
          dirs.filter(Files::isDirectory)
              .findFirst()
              .orElseThrow(
                  () -> new AssertionError("no run folder in " + results + ":\n" + tail()));
      return new ObjectMapper().readTree(dir.resolve("failover.json").toFile());
    }
  }

  private static String tail(String output) {
    return output.length() > 6000 ? output.substring(output.length() - 6000) : output;
  }
}
