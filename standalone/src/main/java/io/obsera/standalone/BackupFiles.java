package io.obsera.standalone;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The file work of backup and restore: emptiness, the runtime's locks, moving and linking trees.
 */
final class BackupFiles {
  /**
   * The locks a running runtime holds in its data directory: the embedded ClickHouse's owner lock
   * and the Kafka log directory's lock.
   */
  static final List<String> RUNTIME_LOCKS =
      List.of("clickhouse/config/owner.lock", "kafka/kafka-logs/.lock");

  private BackupFiles() {}

  /** Whether {@code dir} is missing or holds nothing. */
  static boolean isEmpty(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return true;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  /**
   * Whether a process (this one included) holds one of the {@link #RUNTIME_LOCKS} of {@code
   * dataDir}.
   */
  static boolean runtimeHolds(Path dataDir) throws IOException {
    for (String lock : RUNTIME_LOCKS) {
      Path file = dataDir.resolve(lock);
      if (!Files.isRegularFile(file)) {
        continue;
      }
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
        FileLock held = channel.tryLock();
        if (held == null) {
          return true;
        }
        held.release();
      } catch (OverlappingFileLockException e) {
        return true;
      }
    }
    return false;
  }

  /** Moves the tree {@code from} to {@code to} (a rename, or a copy and delete across disks). */
  static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to);
    } catch (FileSystemException e) {
      copy(from, to, false);
      delete(from);
    }
  }

  /**
   * Puts the tree {@code from} at {@code to} as hard links where the file system allows (nothing is
   * copied; the backup stays as it was), else as copies.
   */
  static void link(Path from, Path to) throws IOException {
    copy(from, to, true);
  }

  private static void copy(Path from, Path to, boolean link) throws IOException {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else if (!link || !tryLink(target, p)) {
          Files.copy(p, target);
        }
      }
    }
  }

  private static boolean tryLink(Path link, Path existing) {
    try {
      Files.createLink(link, existing);
      return true;
    } catch (IOException | UnsupportedOperationException e) {
      return false;
    }
  }

  /** Deletes the tree {@code dir} (nothing when it is missing). */
  static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
