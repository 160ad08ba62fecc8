package io.pgfailover.lab;

import java.nio.file.Path;

/**
 * A second process for {@link LabLockTest}: takes the lab lock, says so, and waits to be killed.
 */
public final class LabLockHolder {
  private LabLockHolder() {}

  public static void main(String[] args) throws Exception {
    LabLock lock =
        LabLock.acquire(LabSettings.defaults().withLabDir(Path.of(args[0])), "test holder");
    System.out.println("held");
    System.out.flush();
    Thread.sleep(60_000); // bounded: the test kills it long before
    lock.close();
  }
}
