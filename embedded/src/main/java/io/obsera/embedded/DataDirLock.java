package io.obsera.embedded;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a file, taken by the parent of an embedded server for as long as the server
 * runs (works across processes and within one JVM).
 */
final class DataDirLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private DataDirLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Returns the lock, or null if another owner holds it. */
  static DataDirLock tryAcquire(Path file) throws IOException {
    PrivateFiles.directory(file.getParent());
    FileChannel channel =
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      FileLock lock = channel.tryLock();
      if (lock != null) {
        return new DataDirLock(channel, lock);
      }
    } catch (OverlappingFileLockException e) {
      // held by this JVM
    }
    channel.close();
    return null;
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // closing the channel releases the lock anyway
    }
  }
}
