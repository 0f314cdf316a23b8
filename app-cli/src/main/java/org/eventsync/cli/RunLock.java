package org.eventsync.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * An operating-system lock on a file in the state folder, so two runs never sync the same pair at
 * once. The system releases it when the process dies, so a killed run never leaves it stuck.
 */
final class RunLock implements AutoCloseable {

  private final FileChannel channel;
  private final FileLock lock;

  private RunLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** The lock, or empty when another process holds it. */
  static Optional<RunLock> tryAcquire(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      FileChannel channel =
          FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      try {
        FileLock lock = channel.tryLock();
        if (lock == null) {
          channel.close();
          return Optional.empty();
        }
        return Optional.of(new RunLock(channel, lock));
      } catch (OverlappingFileLockException e) {
        channel.close();
        return Optional.empty();
      }
    } catch (IOException e) {
      throw new ConfigException("cannot create the lock file " + file + ": " + e.getMessage());
    }
  }

  @Override
  public void close() throws IOException {
    lock.release();
    channel.close();
  }
}
