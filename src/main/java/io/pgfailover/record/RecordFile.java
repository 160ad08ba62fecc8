package io.pgfailover.record;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;

/**
 * A run folder's {@value RecordFormat#FILE_NAME}, read front to back in 160 KiB chunks into one
 * {@link RecordView}: memory does not grow with the recording. Records come in the order the
 * recorder wrote them, nearly in end order (see {@link EndOrder}). A torn tail (a crash mid-write)
 * is ignored.
 */
public final class RecordFile implements RecordSource {
  private static final int CHUNK_RECORDS = 4096;

  private final Path file;

  private RecordFile(Path file) {
    this.file = file;
  }

  /** The recording of the run folder {@code dir}. */
  public static RecordFile in(Path dir) {
    return new RecordFile(dir.resolve(RecordFormat.FILE_NAME));
  }

  @Override
  public void forEach(RecordSink sink) throws IOException {
    RecordView view = new RecordView();
    read(
        buffer -> {
          while (buffer.remaining() >= RecordFormat.RECORD_BYTES) {
            RecordFormat.read(buffer, view);
            sink.accept(view);
          }
          return true;
        });
  }

  /** Stops at the first record with an acquire time: the first one, in a recording since then. */
  @Override
  public boolean anyAcquireTime() throws IOException {
    boolean[] found = new boolean[1];
    RecordView view = new RecordView();
    read(
        buffer -> {
          while (buffer.remaining() >= RecordFormat.RECORD_BYTES) {
            RecordFormat.read(buffer, view);
            if (view.hasAcquire()) {
              found[0] = true;
              return false;
            }
          }
          return true;
        });
    return found[0];
  }

  /** Whole records of one chunk; false stops the reading. */
  private interface Chunk {
    boolean take(ByteBuffer buffer);
  }

  private void read(Chunk chunk) throws IOException {
    try (FileChannel channel = FileChannel.open(file)) {
      ByteBuffer buffer =
          ByteBuffer.allocate(RecordFormat.RECORD_BYTES * CHUNK_RECORDS)
              .order(ByteOrder.LITTLE_ENDIAN);
      while (channel.read(buffer) > 0 || buffer.position() > 0) {
        buffer.flip();
        if (buffer.remaining() < RecordFormat.RECORD_BYTES) {
          return; // a torn tail from a crash mid-write
        }
        if (!chunk.take(buffer)) {
          return;
        }
        buffer.compact();
      }
    }
  }
}
