package io.pgfailover.record;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams every request record of a run to {@value RecordFormat#FILE_NAME} in the run folder.
 *
 * <p>Why a ring and one writer thread: the JDBC worker threads that record are the same threads
 * that measure latency, so recording must cost them a few stores and no lock, no allocation, no
 * I/O. Producers claim a slot with one atomic increment, write primitive fields into a preallocated
 * {@code long[]}, and publish the slot with an ordered store. The single writer thread ({@value
 * #WRITER_THREAD}) drains published slots in sequence order into a 40 KiB buffer and hands it to
 * the file channel every 10 ms (or when full), so records reach the operating system while the run
 * goes on: a JVM crash loses at most the last 10 ms, and an interrupt (Ctrl-C) nothing, since
 * {@link #close()} drains the ring. The writer wakes once per 10 ms, not more: its wake-ups compete
 * with the load for the CPU. When the ring is full (the disk is slower than the load), producers
 * wait for the writer: a record is never dropped while the writer lives.
 *
 * <p>It also keeps, per endpoint, live counters and the last success/failure time, which the run
 * control and the progress line read; the path probe's records ({@link #markProbe}) are kept apart
 * from the workload's there, so the run waits for both to serve again.
 */
public final class Recorder implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Recorder.class);
  static final String WRITER_THREAD = "failover-recorder";
  private static final int FIELDS = 6;
  private static final int MAX_ENDPOINTS = 64;
  private static final int MAX_OPERATIONS = 4096;

  /**
   * Live slots: [0, MAX_ENDPOINTS) the workload's, [MAX_ENDPOINTS, 2 * MAX_ENDPOINTS) the probe's.
   */
  private static final int LIVE_SLOTS = 2 * MAX_ENDPOINTS;

  /** Records reach the operating system at most this late (one write per interval, not per ms). */
  private static final long FLUSH_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

  private final Path dir;
  private final boolean persist;
  private final Catalog catalog = new Catalog();
  private final int mask;
  private final long[] slots;
  private final AtomicLongArray published;
  private final AtomicLong claimed = new AtomicLong();
  private volatile long consumed;
  private volatile boolean closing;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final FileChannel channel;
  private final Thread writer;
  private final boolean[] probeOperation = new boolean[MAX_OPERATIONS];
  private final LongAdder[] okCount = new LongAdder[LIVE_SLOTS];
  private final LongAdder[] koCount = new LongAdder[LIVE_SLOTS];
  private final AtomicLongArray lastOkEndMicros = new AtomicLongArray(LIVE_SLOTS);
  private final AtomicLongArray lastKoEndMicros = new AtomicLongArray(LIVE_SLOTS);

  private Recorder(Path dir, int capacityPow2, boolean persist) throws IOException {
    this.dir = dir;
    this.persist = persist;
    this.mask = capacityPow2 - 1;
    this.slots = new long[capacityPow2 * FIELDS];
    this.published = new AtomicLongArray(capacityPow2);
    for (int i = 0; i < capacityPow2; i++) {
      published.set(i, -1L);
    }
    for (int i = 0; i < LIVE_SLOTS; i++) {
      okCount[i] = new LongAdder();
      koCount[i] = new LongAdder();
    }
    Files.createDirectories(dir);
    this.channel =
        FileChannel.open(
            dir.resolve(RecordFormat.FILE_NAME),
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING);
    catalog.save(dir);
    this.writer = new Thread(this::drainLoop, WRITER_THREAD);
    writer.setDaemon(true);
    if (persist) {
      writer.start();
    }
  }

  /** Opens a recording in {@code dir} (created if needed) with a ring of 65536 records. */
  public static Recorder open(Path dir) {
    return open(dir, true);
  }

  /**
   * As {@link #open(Path)}; with {@code persist = false} only the live counters are kept and no
   * record is written: the benchmark uses it to measure what recording costs.
   */
  public static Recorder open(Path dir, boolean persist) {
    try {
      return new Recorder(dir, 1 << 16, persist);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the recording in " + dir, e);
    }
  }

  public Path dir() {
    return dir;
  }

  /** Registers an endpoint (idempotent) and returns its id; call before the load starts. */
  public int endpoint(String name, String role) {
    int id = catalog.endpoint(name, role);
    if (id >= MAX_ENDPOINTS) {
      throw new IllegalArgumentException("at most " + MAX_ENDPOINTS + " endpoints per run");
    }
    catalog.save(dir);
    return id;
  }

  /** Registers an operation (idempotent) and returns its id; call before the load starts. */
  public int operation(String workload, String name, OperationKind kind) {
    int id = catalog.operation(workload, name, kind);
    if (id >= MAX_OPERATIONS) {
      throw new IllegalArgumentException("at most " + MAX_OPERATIONS + " operations per run");
    }
    catalog.save(dir);
    return id;
  }

  /**
   * Says that an operation is a path probe: its live counters and times are kept apart from the
   * workload's (see {@link #lastOkEndMicros(int, boolean)}). Call before the load starts.
   */
  public void markProbe(int operation) {
    probeOperation[operation] = true;
  }

  public Catalog catalog() {
    return catalog;
  }

  /** Records one request without an acquire time (see the full overload). */
  public void record(
      int endpoint,
      int operation,
      long startMicros,
      long endMicros,
      ErrorClass errorClass,
      long sqlStatePacked,
      long detail) {
    record(
        endpoint,
        operation,
        startMicros,
        endMicros,
        errorClass,
        sqlStatePacked,
        detail,
        RecordFormat.NO_ACQUIRE);
  }

  /**
   * Records one request. Hot path: no allocation, no lock.
   *
   * @param sqlStatePacked {@link RecordFormat#packSqlState} of the failure's SQLSTATE, 0 if none
   * @param acquireMicros time spent getting the connection, {@link RecordFormat#NO_ACQUIRE} if
   *     unknown
   */
  public void record(
      int endpoint,
      int operation,
      long startMicros,
      long endMicros,
      ErrorClass errorClass,
      long sqlStatePacked,
      long detail,
      long acquireMicros) {
    if (persist) {
      long seq = claimed.getAndIncrement();
      awaitRoom(seq);
      int base = (int) (seq & mask) * FIELDS;
      slots[base] = startMicros;
      slots[base + 1] = endMicros;
      slots[base + 2] = detail;
      slots[base + 3] = ((long) endpoint << 48) | ((long) operation << 32) | errorClass.ordinal();
      slots[base + 4] = sqlStatePacked;
      slots[base + 5] = RecordFormat.packAcquire(acquireMicros);
      published.lazySet((int) (seq & mask), seq);
    }
    int live = probeOperation[operation] ? endpoint + MAX_ENDPOINTS : endpoint;
    if (errorClass == ErrorClass.NONE) {
      okCount[live].increment();
      raise(lastOkEndMicros, live, endMicros);
    } else {
      koCount[live].increment();
      raise(lastKoEndMicros, live, endMicros);
    }
  }

  /**
   * Moves a "latest time" forward without a CAS loop: a racing writer may leave a slightly older
   * value for a moment, which the run control (polling every 50 ms) cannot notice.
   */
  private static void raise(AtomicLongArray times, int index, long micros) {
    if (micros > times.get(index)) {
      times.lazySet(index, micros);
    }
  }

  private void awaitRoom(long seq) {
    while (seq - consumed > mask) {
      if (!writer.isAlive()) {
        throw new IllegalStateException("the recorder's writer thread has stopped");
      }
      LockSupport.parkNanos(50_000L);
    }
  }

  /**
   * Appends a timeline event to {@code events.tsv}, synchronously: events are rare and precious.
   * The line format is {@link Recording#readEvents}'s to read back.
   */
  public synchronized void event(FailoverEvent event) {
    String line = Recording.eventLine(event);
    try {
      Files.writeString(
          dir.resolve(Recording.EVENTS_FILE),
          line,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + dir.resolve(Recording.EVENTS_FILE), e);
    }
  }

  /** Successful requests of the endpoint, probe and workload. */
  public long okCount(int endpoint) {
    return okCount[endpoint].sum() + okCount[endpoint + MAX_ENDPOINTS].sum();
  }

  /** Failed requests of the endpoint, probe and workload. */
  public long koCount(int endpoint) {
    return koCount[endpoint].sum() + koCount[endpoint + MAX_ENDPOINTS].sum();
  }

  /** Requests so far of the endpoint's probe ({@code probe}) or of its workload. */
  public long count(int endpoint, boolean probe) {
    int live = probe ? endpoint + MAX_ENDPOINTS : endpoint;
    return okCount[live].sum() + koCount[live].sum();
  }

  /** End time of the latest success of the endpoint's probe or workload, 0 if none yet. */
  public long lastOkEndMicros(int endpoint, boolean probe) {
    return lastOkEndMicros.get(probe ? endpoint + MAX_ENDPOINTS : endpoint);
  }

  /** End time of the latest failure of the endpoint's probe or workload, 0 if none yet. */
  public long lastKoEndMicros(int endpoint, boolean probe) {
    return lastKoEndMicros.get(probe ? endpoint + MAX_ENDPOINTS : endpoint);
  }

  public long recordedCount() {
    return claimed.get();
  }

  private void drainLoop() {
    // a whole number of records, so a record never straddles two writes
    ByteBuffer buffer =
        ByteBuffer.allocateDirect(RecordFormat.RECORD_BYTES * 1024).order(ByteOrder.LITTLE_ENDIAN);
    long next = 0;
    long lastFlushNanos = System.nanoTime();
    try {
      while (true) {
        boolean progressed = false;
        while (published.get((int) (next & mask)) == next) {
          int base = (int) (next & mask) * FIELDS;
          long ids = slots[base + 3];
          RecordFormat.write(
              buffer,
              slots[base],
              slots[base + 1],
              slots[base + 2],
              (int) (ids >>> 48) & 0xFFFF,
              (int) (ids >>> 32) & 0xFFFF,
              (int) ids & 0xFF,
              slots[base + 4],
              slots[base + 5]);
          next++;
          consumed = next;
          progressed = true;
          if (!buffer.hasRemaining()) {
            flush(buffer);
          }
        }
        long now = System.nanoTime();
        if (closing || now - lastFlushNanos >= FLUSH_INTERVAL_NANOS) {
          if (buffer.position() > 0) {
            flush(buffer);
          }
          lastFlushNanos = now;
        }
        if (closing) {
          if (!progressed && next >= claimed.get()) {
            return;
          }
          if (!progressed) {
            LockSupport.parkNanos(100_000L); // a producer claimed a slot and is still writing it
          }
        } else {
          // Sleep until the next write is due, not less: every wake-up of this thread takes a CPU
          // from the load. The ring holds 65536 records, 2.6 s at 25,000 requests/s; close()
          // wakes the thread.
          long sinceFlush = System.nanoTime() - lastFlushNanos;
          LockSupport.parkNanos(Math.max(100_000L, FLUSH_INTERVAL_NANOS - sinceFlush));
        }
      }
    } catch (IOException | RuntimeException e) {
      LOG.error("[recorder] writing {} failed: the recording is incomplete", dir, e);
    }
  }

  private void flush(ByteBuffer buffer) throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    buffer.clear();
  }

  /** Drains every published record to disk (bounded: 10 s) and closes the file. Idempotent. */
  @Override
  public synchronized void close() {
    if (!closed.compareAndSet(false, true)) {
      return; // the run's end and its interrupt hook may both close it
    }
    closing = true;
    LockSupport.unpark(writer);
    try {
      if (!persist) {
        channel.close();
        return;
      }
      writer.join(10_000L);
      if (writer.isAlive()) {
        LOG.warn("[recorder] the writer did not drain within 10 s; the recording may be short");
      }
      channel.force(false);
      channel.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while closing the recording", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the recording in " + dir, e);
    }
  }
}
