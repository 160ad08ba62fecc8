package io.pgfailover.trigger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The last {@code capacity} bytes of a child process's output stream, read by a daemon thread so
 * the child never blocks on a full pipe, however much it prints.
 */
final class OutputTail {
  private final byte[] ring;
  private long written;
  private final Thread pump;

  private OutputTail(int capacity, InputStream in, String threadName) {
    this.ring = new byte[capacity];
    this.pump = new Thread(() -> drain(in), threadName);
    this.pump.setDaemon(true);
  }

  static OutputTail start(InputStream in, int capacity, String threadName) {
    OutputTail tail = new OutputTail(capacity, in, threadName);
    tail.pump.start();
    return tail;
  }

  private void drain(InputStream in) {
    byte[] buffer = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        append(buffer, n);
      }
    } catch (IOException e) {
      // the child is gone or was killed: keep what we have
    }
  }

  private synchronized void append(byte[] buffer, int n) {
    for (int i = 0; i < n; i++) {
      ring[(int) (written++ % ring.length)] = buffer[i];
    }
  }

  /** Waits up to {@code ms} for the stream to end (the child's descendants may hold it open). */
  void awaitEnd(long ms) throws InterruptedException {
    pump.join(Math.max(1, ms));
  }

  /** Whether more was written than kept. */
  synchronized boolean truncated() {
    return written > ring.length;
  }

  /** The kept bytes as text (a cut UTF-8 sequence at the start becomes a replacement char). */
  synchronized String text() {
    int kept = (int) Math.min(written, ring.length);
    byte[] out = new byte[kept];
    long from = written - kept;
    for (int i = 0; i < kept; i++) {
      out[i] = ring[(int) ((from + i) % ring.length)];
    }
    return new String(out, StandardCharsets.UTF_8);
  }
}
