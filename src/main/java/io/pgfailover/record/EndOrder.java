package io.pgfailover.record;

/**
 * Puts a nearly end-ordered stream of records back in end order (then start order; records equal in
 * both keep their order), holding a bounded window of them: the analysis is a single pass that
 * needs order, and must not sort the whole run.
 *
 * <p>Why nearly: a worker thread reads the clock at the end of a request, then claims its slot in
 * the recorder's ring; a thread descheduled between the two writes its record after records that
 * ended later. In the lab's run folders (2026-12-01, ten runs, 22,000 to 120,000 records each) a
 * record came at most 42.2 ms and 19 records after one that ended later.
 *
 * <p>The bound: a record is held until a record ending {@value #HORIZON_MICROS} µs after it has
 * arrived, or while fewer than {@value #CAPACITY} records are held: a record up to 1 s late (24
 * times the lateness measured) is put back in its place. Beyond the bound a record is handed on
 * where it arrived, and counted ({@link #beyondBound()}); the analysis notes it, and it still
 * counts in every figure but the windows' bounds near it.
 */
public final class EndOrder implements RecordSink {
  public static final long HORIZON_MICROS = 1_000_000L;
  static final int CAPACITY = 1 << 16;
  private static final int MASK = CAPACITY - 1;

  private final RecordSink next;
  private final RecordView out = new RecordView();
  private final long[] start = new long[CAPACITY];
  private final long[] end = new long[CAPACITY];
  private final long[] detail = new long[CAPACITY];
  private final long[] sqlState = new long[CAPACITY];
  private final long[] acquire = new long[CAPACITY];
  private final int[] ids = new int[CAPACITY]; // endpoint << 16 | operation
  private final byte[] error = new byte[CAPACITY];
  private int head;
  private int size;
  private long maxEnd = Long.MIN_VALUE;
  private long releasedEnd = Long.MIN_VALUE;
  private long releasedStart = Long.MIN_VALUE;
  private long late;
  private long maxLateMicros;
  private int maxShift;
  private long beyondBound;

  public EndOrder(RecordSink next) {
    this.next = next;
  }

  @Override
  public void accept(RecordView r) {
    long e = r.endMicros();
    long s = r.startMicros();
    if (e < maxEnd) {
      late++;
      maxLateMicros = Math.max(maxLateMicros, maxEnd - e);
    }
    if (before(e, s, releasedEnd, releasedStart)) {
      beyondBound++; // its place was handed on already
      next.accept(r);
      return;
    }
    if (size == CAPACITY) {
      release();
    }
    int at = size;
    while (at > 0 && before(e, s, end[slot(at - 1)], start[slot(at - 1)])) {
      copy(slot(at - 1), slot(at));
      at--;
    }
    maxShift = Math.max(maxShift, size - at);
    int i = slot(at);
    start[i] = s;
    end[i] = e;
    detail[i] = r.detail();
    sqlState[i] = r.sqlStatePacked();
    acquire[i] = r.acquireMicros();
    ids[i] = (r.endpoint() << 16) | r.operation();
    error[i] = (byte) r.errorOrdinal();
    size++;
    maxEnd = Math.max(maxEnd, e);
    while (size > 0 && end[head] <= maxEnd - HORIZON_MICROS) {
      release();
    }
  }

  /** Hands on every record still held: call at the end of the stream. */
  public void finish() {
    while (size > 0) {
      release();
    }
  }

  /** Records that came after one that ended later, in or beyond the bound. */
  public long late() {
    return late;
  }

  /** The most a record ended before one that came ahead of it, in µs. */
  public long maxLateMicros() {
    return maxLateMicros;
  }

  /** The most records one record had to be moved back past. */
  public int maxShift() {
    return maxShift;
  }

  /** Records that came too late to be put back in order. */
  public long beyondBound() {
    return beyondBound;
  }

  private static boolean before(long end1, long start1, long end2, long start2) {
    return end1 < end2 || (end1 == end2 && start1 < start2);
  }

  private int slot(int offset) {
    return (head + offset) & MASK;
  }

  private void copy(int from, int to) {
    start[to] = start[from];
    end[to] = end[from];
    detail[to] = detail[from];
    sqlState[to] = sqlState[from];
    acquire[to] = acquire[from];
    ids[to] = ids[from];
    error[to] = error[from];
  }

  private void release() {
    int i = head;
    out.set(
        start[i],
        end[i],
        detail[i],
        ids[i] >>> 16,
        ids[i] & 0xFFFF,
        error[i],
        sqlState[i],
        acquire[i]);
    releasedEnd = end[i];
    releasedStart = start[i];
    head = (head + 1) & MASK;
    size--;
    next.accept(out);
  }
}
