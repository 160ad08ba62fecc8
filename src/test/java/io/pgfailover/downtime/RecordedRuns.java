package io.pgfailover.downtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Real run folders of the lab (2026-12-01, README's figures), kept whole in test resources, the two
 * large files gzipped: a switchover, a kill-primary, a series of three switchovers, a TPC-B
 * switchover, the six-fault matrix (with lost writes) and an interrupted run whose trigger failed
 * (no heartbeat.tsv).
 */
final class RecordedRuns {
  static final String SWITCHOVER = "proxyfailover-20261201-204924";
  static final String KILL_PRIMARY = "proxyfailover-20261201-205040";
  static final String SERIES = "proxyfailover-20261201-210048";
  static final String TPCB = "tpcbfailover-20261201-205829";
  static final String MATRIX = "faultmatrix-20261201-210808";
  static final String INTERRUPTED = "proxyfailover-20261201-224823";

  static final List<String> ALL =
      List.of(SWITCHOVER, KILL_PRIMARY, SERIES, TPCB, MATRIX, INTERRUPTED);

  private static final List<String> FILES =
      List.of("catalog.tsv", "events.tsv", "run.properties", "requests.bin", "heartbeat.tsv");

  private RecordedRuns() {}

  /** Unpacks the run folder {@code name} into {@code parent}/{@code name}. */
  static Path unpack(String name, Path parent) throws IOException {
    Path dir = Files.createDirectories(parent.resolve(name));
    for (String file : FILES) {
      String base = "runs/" + name + "/" + file;
      try (InputStream plain = RecordedRuns.class.getResourceAsStream(base);
          InputStream gz = RecordedRuns.class.getResourceAsStream(base + ".gz")) {
        if (plain != null) {
          Files.copy(plain, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        } else if (gz != null) {
          try (InputStream in = new GZIPInputStream(gz)) {
            Files.copy(in, dir.resolve(file), StandardCopyOption.REPLACE_EXISTING);
          }
        }
      }
    }
    if (!Files.exists(dir.resolve("requests.bin"))) {
      throw new IOException("no recorded run " + name + " in the test resources");
    }
    return dir;
  }
}
