package io.pgfailover.record;

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
 * 34     6    reserved      (zero)
 * </pre>
 *
 * Fixed-size binary keeps the hot path free of formatting and a torn tail (a crash mid-write) easy
 * to detect: a trailing partial record is ignored on read.
 */
public final class RecordFormat {
  public static final String FILE_NAME = "requests.bin";
  public static final int RECORD_BYTES = 40;

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
