package io.pgfailover.lab;

import io.pgfailover.config.SettingsException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One user of a lab at a time: a run, {@code bin/lab up} or {@code bin/lab down} holds this lock
 * for as long as it uses the lab, and a second one is refused at once with who holds it (issue 10:
 * two runs on one lab fired switchovers into each other's measurement, and both passed).
 *
 * <p>Why an OS file lock ({@code flock} through {@link FileChannel#tryLock()}): the kernel releases
 * it when its process dies, however it dies, so a lock left by a {@code kill -9} is no lock at all
 * and the next user takes it over; the holder line in the file is only there to name the holder.
 * The file sits beside the lab directory, not in it, because a lab start wipes that directory. The
 * holder is the run, not the lab: {@code bin/lab up} releases it when it exits, so runs with {@code
 * failover.lab.keep} after it work as before.
 */
public final class LabLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private LabLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** The lock file of a lab: {@code <lab dir>.lock}. */
  static Path file(LabSettings settings) {
    Path dir = settings.labDir().toAbsolutePath();
    return dir.resolveSibling(dir.getFileName() + ".lock");
  }

  /**
   * Takes the lab for {@code holder} (e.g. "run ProxyFailover", "bin/lab up").
   *
   * @throws SettingsException when another process, or this one, holds it: one paragraph naming the
   *     holder and what to do
   */
  public static LabLock acquire(LabSettings settings, String holder) {
    Path file = file(settings);
    FileChannel channel = null;
    try {
      Files.createDirectories(file.getParent());
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // this JVM holds it already
      }
      if (lock == null) {
        String current = Files.readString(file, StandardCharsets.UTF_8).trim();
        channel.close();
        throw busy(settings, current);
      }
      String line =
          "pid "
              + ProcessHandle.current().pid()
              + ", "
              + holder
              + ", since "
              + Instant.now()
              + "\n";
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(false);
      return new LabLock(channel, lock);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new UncheckedIOException("cannot lock the lab with " + file, e);
    }
  }

  private static SettingsException busy(LabSettings settings, String holder) {
    return new SettingsException(
        "failover.lab.dir",
        "The lab in "
            + settings.labDir()
            + " is in use ("
            + (holder.isEmpty() ? "holder unknown" : holder)
            + "), and two users of"
            + " one lab corrupt each other's measurement: a second run would fire its faults into the"
            + " first one's. Wait until it has finished, or stop it (kill the PID above; the lab is"
            + " healed by the next run or by bin/lab up). Only one run, bin/lab up or bin/lab down"
            + " uses a lab at a time; bin/lab status can look at any time.");
  }

  /** Releases the lab. Idempotent. */
  @Override
  public void close() {
    try {
      if (lock.isValid()) {
        channel.truncate(0);
        lock.release();
      }
    } catch (IOException e) {
      // the lock goes with the channel anyway
    } finally {
      closeQuietly(channel);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel == null) {
      return;
    }
    try {
      channel.close();
    } catch (IOException ignored) {
      // closing releases the lock; nothing else to do
    }
  }
}
