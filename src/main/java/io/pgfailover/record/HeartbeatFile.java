package io.pgfailover.record;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
    List<HeartbeatRow> rows = new ArrayList<>();
    return forEach(
            runDir,
            (endpoint, seq, serverMicros) ->
                rows.add(new HeartbeatRow(endpoint, seq, serverMicros)))
        ? rows
        : null;
  }

  /** Takes the rows of the file one at a time; {@code endpoint} is one String per endpoint. */
  @FunctionalInterface
  public interface RowSink {
    void accept(String endpoint, long seq, long serverEpochMicros);
  }

  /**
   * Hands every row of {@code runDir}'s file to {@code sink}, line by line (the file of a day's run
   * holds millions); false when there is no file.
   */
  public static boolean forEach(Path runDir, RowSink sink) throws IOException {
    Path file = runDir.resolve(FILE_NAME);
    if (!Files.exists(file)) {
      return false;
    }
    Map<String, String> names = new HashMap<>();
    int lineNo = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        int tab1 = line.indexOf('\t');
        int tab2 = tab1 < 0 ? -1 : line.indexOf('\t', tab1 + 1);
        long seq;
        long serverMicros;
        try {
          if (tab2 < 0 || line.indexOf('\t', tab2 + 1) >= 0) {
            throw new IllegalArgumentException("not 3 fields");
          }
          seq = Long.parseLong(line.substring(tab1 + 1, tab2).trim());
          serverMicros = Long.parseLong(line.substring(tab2 + 1).trim());
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
        sink.accept(names.computeIfAbsent(line.substring(0, tab1), n -> n), seq, serverMicros);
      }
    }
    return true;
  }
}
