package io.pgfailover.record;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A run folder's recording read back into memory: catalog, request records and timeline events. */
public record Recording(Catalog catalog, List<RequestRecord> records, List<FailoverEvent> events) {

  public static Recording read(Path dir) throws IOException {
    Catalog catalog = Catalog.load(dir);
    List<RequestRecord> records = new ArrayList<>();
    try (FileChannel channel = FileChannel.open(dir.resolve(RecordFormat.FILE_NAME))) {
      ByteBuffer buffer = ByteBuffer.allocate(RecordFormat.RECORD_BYTES * 4096)
          .order(ByteOrder.LITTLE_ENDIAN);
      while (channel.read(buffer) > 0 || buffer.position() > 0) {
        buffer.flip();
        if (buffer.remaining() < RecordFormat.RECORD_BYTES) {
          break; // a torn tail from a crash mid-write
        }
        while (buffer.remaining() >= RecordFormat.RECORD_BYTES) {
          records.add(RecordFormat.read(buffer));
        }
        buffer.compact();
      }
    }
    List<FailoverEvent> events = new ArrayList<>();
    Path eventsFile = dir.resolve("events.tsv");
    if (Files.exists(eventsFile)) {
      for (String line : Files.readAllLines(eventsFile, StandardCharsets.UTF_8)) {
        String[] f = line.split("\t", 3);
        events.add(new FailoverEvent(f[1], Long.parseLong(f[0]), f.length > 2 ? f[2] : ""));
      }
    }
    return new Recording(catalog, records, events);
  }
}
