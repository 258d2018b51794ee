package io.obsera.embedded;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;

/**
 * The record, beside a file, that the file had a given SHA-256 when it had this size, modification
 * time, inode and status-change time ({@code <file>.verified}). While all four are unchanged the
 * file was not written, renamed over or re-attributed since, so the digest still holds without
 * reading the file again. Without the {@code unix} attribute view (not Linux) there is no stamp and
 * every check hashes the file.
 */
final class VerifiedStamp {
  private static final String SUFFIX = ".verified";
  private static final String ATTRIBUTES = "unix:size,lastModifiedTime,ino,ctime";

  private VerifiedStamp() {}

  /** Whether {@code file} is unchanged since a stamp recorded {@code sha256} for it. */
  static boolean matches(Path file, String sha256) {
    Path stamp = stampOf(file);
    Optional<String> now = describe(file, sha256);
    try {
      return now.isPresent()
          && Files.isRegularFile(stamp)
          && Files.readString(stamp).strip().equals(now.get());
    } catch (IOException e) {
      return false;
    }
  }

  /** Records that {@code file} (just hashed) has {@code sha256}; written atomically. */
  static void write(Path file, String sha256) throws IOException {
    Optional<String> now = describe(file, sha256);
    if (now.isEmpty()) {
      return;
    }
    Path stamp = stampOf(file);
    Path tmp = Files.createTempFile(file.getParent(), "fetch-stamp-", ".tmp");
    try {
      Files.writeString(tmp, now.get() + "\n");
      Files.move(tmp, stamp, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  static void delete(Path file) throws IOException {
    Files.deleteIfExists(stampOf(file));
  }

  static Path stampOf(Path file) {
    return file.resolveSibling(file.getFileName() + SUFFIX);
  }

  private static Optional<String> describe(Path file, String sha256) {
    try {
      Map<String, Object> a = Files.readAttributes(file, ATTRIBUTES);
      return Optional.of(
          String.join(
              " ",
              "sha256=" + sha256,
              "size=" + a.get("size"),
              "mtime=" + a.get("lastModifiedTime"),
              "ino=" + a.get("ino"),
              "ctime=" + a.get("ctime")));
    } catch (UnsupportedOperationException | IllegalArgumentException | IOException e) {
      return Optional.empty();
    }
  }
}
