package io.pgfailover.run;

import io.pgfailover.downtime.Verdict;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the run as interrupted when the process that started this JVM is gone.
 *
 * <p>The Gatling Maven plugin forks this JVM and does not stop it when Maven itself is killed: a CI
 * job's timeout that sends SIGTERM to {@code mvn} alone (not its process group) left the run going
 * on, unwatched, with the lab. Polled every {@value #POLL_MS} ms; a lost parent exits with the
 * interrupted status, through the shutdown hooks that close the recording and heal the lab.
 */
final class ParentWatch {
  private static final Logger LOG = LoggerFactory.getLogger(ParentWatch.class);
  private static final long POLL_MS = 500;

  private ParentWatch() {}

  static void start() {
    Optional<ProcessHandle> parent = ProcessHandle.current().parent();
    if (parent.isEmpty()) {
      return;
    }
    ProcessHandle watched = parent.get();
    Thread watch =
        new Thread(
            () -> {
              while (watched.isAlive()) {
                try {
                  Thread.sleep(POLL_MS);
                } catch (InterruptedException e) {
                  return;
                }
              }
              LOG.warn(
                  "the process that started this run (pid {}) is gone: stopping the run as "
                      + "interrupted",
                  watched.pid());
              System.exit(Verdict.INTERRUPTED.exitStatus());
            },
            "parent-watch");
    watch.setDaemon(true);
    watch.start();
  }
}
