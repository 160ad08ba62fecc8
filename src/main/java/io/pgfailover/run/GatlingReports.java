package io.pgfailover.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds the HTML report Gatling wrote for a run: it names the folder, we only know where it is. */
final class GatlingReports {
  private GatlingReports() {}

  /**
   * The newest {@code <simulation lowercase>-<timestamp>} folder in {@code resultsDir} that holds
   * an index.html written after {@code notBeforeMillis}.
   */
  static Optional<Path> find(Path resultsDir, String simulationName, long notBeforeMillis) {
    String prefix = simulationName.toLowerCase(Locale.ROOT) + "-";
    try (Stream<Path> dirs = Files.list(resultsDir)) {
      return dirs.filter(d -> d.getFileName().toString().startsWith(prefix))
          .filter(d -> Files.isRegularFile(d.resolve("index.html")))
          .filter(d -> modified(d.resolve("index.html")) >= notBeforeMillis)
          .max(Comparator.comparingLong(d -> modified(d.resolve("index.html"))));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static long modified(Path file) {
    try {
      return Files.getLastModifiedTime(file).toMillis();
    } catch (IOException e) {
      return 0L;
    }
  }
}
