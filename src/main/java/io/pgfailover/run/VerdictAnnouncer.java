package io.pgfailover.run;

import io.pgfailover.downtime.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells how the run ended: the verdict's line, last on the console, and, under Maven, the verdict
 * file {@link MavenExitStatus} names (first line the exit status, second the line printed).
 */
final class VerdictAnnouncer {
  private static final Logger LOG = LoggerFactory.getLogger(VerdictAnnouncer.class);

  private VerdictAnnouncer() {}

  static void announce(Verdict verdict) {
    writeFile(verdict);
    System.out.println();
    System.out.println(verdict.lastLine());
    System.out.flush();
  }

  /**
   * The verdict for Maven only, without the line: written as soon as it is known (an interrupt), so
   * that Maven has it even if the later steps of the exit outlast its wait for the fork.
   */
  static void writeFile(Verdict verdict) {
    String file = System.getProperty(MavenExitStatus.FILE_PROPERTY);
    if (file != null && !file.isBlank()) {
      try {
        Files.writeString(
            Path.of(file),
            verdict.exitStatus() + "\n" + verdict.lastLine() + "\n",
            StandardCharsets.UTF_8);
      } catch (IOException e) {
        LOG.error("cannot write the verdict to {}: {}", file, e.toString());
      }
    }
  }
}
