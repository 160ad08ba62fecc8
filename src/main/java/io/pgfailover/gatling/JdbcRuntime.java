package io.pgfailover.gatling;

import io.pgfailover.record.Recorder;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every JDBC action of a run shares: the recorder and the worker threads.
 *
 * <p>JDBC blocks, Gatling's event loops must not: each operation runs on a worker thread ({@code
 * jdbc-worker-N}, daemon). The pool is unbounded but in practice holds one thread per virtual user
 * with a request in flight, since a user waits for its request before the next one.
 */
public final class JdbcRuntime implements AutoCloseable {
  private final Recorder recorder;
  private final ExecutorService workers;

  public JdbcRuntime(Recorder recorder) {
    this.recorder = recorder;
    AtomicInteger n = new AtomicInteger();
    ThreadFactory factory =
        r -> {
          Thread t = new Thread(r, "jdbc-worker-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    this.workers = Executors.newCachedThreadPool(factory);
  }

  public Recorder recorder() {
    return recorder;
  }

  ExecutorService workers() {
    return workers;
  }

  /** True once {@link #close} began: closed-loop users leave their loop. */
  boolean isClosing() {
    return workers.isShutdown();
  }

  /** Stops accepting work and waits (bounded, 10 s) for requests in flight to finish. */
  @Override
  public void close() {
    workers.shutdown();
    try {
      if (!workers.awaitTermination(10, TimeUnit.SECONDS)) {
        workers.shutdownNow();
      }
    } catch (InterruptedException e) {
      workers.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
