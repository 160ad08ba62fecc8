package io.pgfailover.record;

import java.nio.ByteBuffer;

/**
 * Layout of {@value #FILE_NAME}: a stream of fixed 40-byte little-endian records, no header.
 *
 * <pre>
 * offset size field
 *  0     8    startMicros   (RunClock, epoch microseconds)
 *  8     8    endMicros
 * 16     8    detail        (heartbeat sequence, or -1)
 * 24     2    endpoint id   (Catalog)
 * 26     2    operation id  (Catalog)
 * 28     1    error class   (ErrorClass ordinal, 0 = success)
 * 29     5    SQLSTATE      (ASCII, zero bytes when none)
 * 34     6    acquire       (µs waiting for the connection + 1, unsigned; 0 = not recorded)
 * </pre>
 *
 * <p>The acquire field used to be reserved and zero, so run folders written before it read back
 * with an unknown acquire time ({@link #NO_ACQUIRE}); the +1 keeps a real 0 µs wait apart from
 * that.
 *
 * <p>Fixed-size binary keeps the hot path free of formatting and a torn tail (a crash mid-write)
 * easy to detect: a trailing partial record is ignored on read.
 */
public final class RecordFormat {
  public static final String FILE_NAME = "requests.bin";
  public static final int RECORD_BYTES = 40;

  /** The acquire time of a record that has none: written before the field existed. */
  public static final long NO_ACQUIRE = -1L;

  private static final long ACQUIRE_MASK = (1L << 48) - 1;

  private RecordFormat() {}

  /** Packs a five-character SQLSTATE into the low 40 bits of a long; null or malformed gives 0. */
  public static long packSqlState(String sqlState) {
    if (sqlState == null || sqlState.length() != 5) {
      return 0L;
    }
    long packed = 0L;
    for (int i = 0; i < 5; i++) {
      packed |= ((long) (sqlState.charAt(i) & 0xFF)) << (8 * i);
    }
    return packed;
  }

  /** The acquire field's 48 bits for a wait in µs; {@link #NO_ACQUIRE} (or below) gives 0. */
  public static long packAcquire(long acquireMicros) {
    if (acquireMicros < 0) {
      return 0L;
    }
    return acquireMicros >= ACQUIRE_MASK ? ACQUIRE_MASK : acquireMicros + 1; // no overflow
  }

  public static long unpackAcquire(long packed) {
    return packed == 0L ? NO_ACQUIRE : packed - 1;
  }

  /** Puts a record in {@code buffer} (little-endian, at its position): the one encoder. */
  public static void write(
      ByteBuffer buffer,
      long startMicros,
      long endMicros,
      long detail,
      int endpoint,
      int operation,
      int errorOrdinal,
      long sqlStatePacked,
      long acquirePacked) {
    buffer.putLong(startMicros).putLong(endMicros).putLong(detail);
    buffer.putShort((short) endpoint).putShort((short) operation).put((byte) errorOrdinal);
    putLow(buffer, sqlStatePacked, 5);
    putLow(buffer, acquirePacked, 6);
  }

  /** Reads the record at {@code buffer}'s position (little-endian) as an object. */
  public static RequestRecord read(ByteBuffer buffer) {
    RecordView view = new RecordView();
    read(buffer, view);
    return new RequestRecord(
        view.endpoint(),
        view.operation(),
        view.startMicros(),
        view.endMicros(),
        view.errorClass(),
        view.sqlState(),
        view.detail(),
        view.acquireMicros());
  }

  /**
   * Reads the record at {@code buffer}'s position (little-endian) into {@code view}: the one
   * decoder. Five long reads: bytes 24-31 hold the ids, the error class and the SQLSTATE's first
   * three bytes, bytes 32-39 its last two and the acquire field.
   */
  static void read(ByteBuffer buffer, RecordView view) {
    long start = buffer.getLong();
    long end = buffer.getLong();
    long detail = buffer.getLong();
    long ids = buffer.getLong();
    long tail = buffer.getLong();
    view.set(
        start,
        end,
        detail,
        (int) (ids & 0xFFFF),
        (int) ((ids >>> 16) & 0xFFFF),
        (int) ((ids >>> 32) & 0xFF),
        (ids >>> 40) | ((tail & 0xFFFF) << 24),
        unpackAcquire(tail >>> 16));
  }

  private static void putLow(ByteBuffer buffer, long value, int bytes) {
    for (int i = 0; i < bytes; i++) {
      buffer.put((byte) (value >>> (8 * i)));
    }
  }

  public static String unpackSqlState(long packed) {
    if (packed == 0L) {
      return null;
    }
    char[] chars = new char[5];
    for (int i = 0; i < 5; i++) {
      chars[i] = (char) ((packed >>> (8 * i)) & 0xFF);
    }
    return new String(chars);
  }
}
