package io.obsera.platform.kafka;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes the store directories of a Kafka Streams application's tasks that hold no file, before
 * the application starts.
 *
 * <p>A window store (the usage store) whose changelog partition never received a record has no
 * offset to checkpoint when its task closes, yet leaves its empty directory behind. Under
 * exactly_once_v2 the next start finds "no checkpoint offsets while stores are not empty", declares
 * the task corrupted (an ERROR with stack traces), wipes it and bootstraps it again, on every start
 * and after every rebalance. An empty directory holds no state: removing it lets the task start
 * clean.
 */
final class EmptyStoreDirectories {
  private static final Logger log = LoggerFactory.getLogger(EmptyStoreDirectories.class);

  private EmptyStoreDirectories() {}

  /** Removes every directory without a file below the task directories of {@code appDir}. */
  static void remove(Path appDir) {
    if (!Files.isDirectory(appDir)) {
      return;
    }
    try (Stream<Path> tasks = Files.list(appDir)) {
      for (Path task : tasks.filter(EmptyStoreDirectories::isTaskDirectory).toList()) {
        try (Stream<Path> stores = Files.list(task)) {
          for (Path store : stores.filter(Files::isDirectory).toList()) {
            if (!holdsAFile(store)) {
              delete(store);
              log.debug("removed empty store directory {}", store);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clean the state directory " + appDir, e);
    }
  }

  private static boolean isTaskDirectory(Path p) {
    return Files.isDirectory(p) && p.getFileName().toString().matches("\\d+_\\d+");
  }

  private static boolean holdsAFile(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.anyMatch(Files::isRegularFile);
    }
  }

  private static void delete(Path dir) throws IOException {
    List<Path> all;
    try (Stream<Path> walk = Files.walk(dir)) {
      all = walk.sorted(Comparator.reverseOrder()).toList();
    }
    for (Path p : all) {
      Files.deleteIfExists(p);
    }
  }
}
