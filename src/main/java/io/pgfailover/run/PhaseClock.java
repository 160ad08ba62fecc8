package io.pgfailover.run;

import io.pgfailover.record.RunClock;

/**
 * The time the run control's phases are measured and waited in. A run uses the run clock and really
 * sleeps; a test gives a clock whose sleeps advance it, so that phases of minutes take
 * milliseconds.
 */
interface PhaseClock {
  /** Now, in the run clock's epoch microseconds. */
  long nowMicros();

  void sleepMillis(long millis) throws InterruptedException;

  PhaseClock REAL =
      new PhaseClock() {
        @Override
        public long nowMicros() {
          return RunClock.nowMicros();
        }

        @Override
        public void sleepMillis(long millis) throws InterruptedException {
          Thread.sleep(millis);
        }
      };
}
