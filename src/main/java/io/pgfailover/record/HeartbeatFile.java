package io.pgfailover.record;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The owner of a run folder's {@value #FILE_NAME}: the heartbeat rows found on the final primary
 * after the run. One line per row, no header, {@code endpoint<TAB>seq<TAB>serverEpochMicros},
 * ordered by endpoint then seq. No file means the rows were not read (not verified); an empty file
 * means they were read and there were none, so every acknowledged heartbeat was lost.
 */
public final class HeartbeatFile {
  public static final String FILE_NAME = "heartbeat.tsv";

  private HeartbeatFile() {}

  /**
   * Writes {@code rows} into {@code runDir} (via a temporary file and a move: never half written).
   */
  public static void write(List<HeartbeatRow> rows, Path runDir) throws IOException {
    Path dir = runDir.toAbsolutePath();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, FILE_NAME, ".tmp");
    try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      for (HeartbeatRow row : rows) {
        out.write(row.endpoint());
        out.write('\t');
        out.write(Long.toString(row.seq()));
        out.write('\t');
        out.write(Long.toString(row.serverEpochMicros()));
        out.write('\n');
      }
    }
    Files.move(
        tmp,
        dir.resolve(FILE_NAME),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  /** The rows in {@code runDir}, or null when the folder has no {@value #FILE_NAME}. */
  public static @Nullable List<HeartbeatRow> read(Path runDir) throws IOException {
    Path file = runDir.resolve(FILE_NAME);
    if (!Files.exists(file)) {
      return null;
    }
    List<HeartbeatRow> rows = new ArrayList<>();
    int lineNo = 0;
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      String[] f = line.split("\t", -1);
      try {
        if (f.length != 3) {
          throw new IllegalArgumentException(f.length + " fields");
        }
        rows.add(new HeartbeatRow(f[0], Long.parseLong(f[1].trim()), Long.parseLong(f[2].trim())));
      } catch (RuntimeException e) {
        throw new IOException(
            file
                + " line "
                + lineNo
                + ": expected endpoint<TAB>seq<TAB>serverEpochMicros, got '"
                + line
                + "'",
            e);
      }
    }
    return rows;
  }
}
