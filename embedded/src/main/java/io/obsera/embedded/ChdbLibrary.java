package io.obsera.embedded;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Finds or fetches {@code libchdb.so}, the ClickHouse engine as a shared library, from the npm
 * package {@code @chdb/lib-linux-x64-gnu}. The file is kept under a cache directory, verified by
 * SHA-256 and written atomically, so an interrupted fetch never leaves a bad file behind.
 *
 * <p>Hashing the 566 MB file took seconds of every start, so the full SHA-256 runs when the file is
 * fetched, and again only when the file changed since: a stamp beside it ({@code
 * libchdb.so.verified}, written after a full check) records the digest with the file's size,
 * modification time, inode and status-change time. Any write to the file, a rename over it or a
 * change of its attributes changes the status-change time (which no user-level call can set back),
 * so a changed, truncated or replaced library is hashed again and refused or fetched again. What
 * the stamp does not cover: someone who can write the cache directory can write a matching stamp
 * too (as they could change the Obsera jars beside it); the cache directory belongs to the user
 * running Obsera. The library is also made read-only.
 */
public final class ChdbLibrary {
  static final String VERSION = "26.7.3-stable.1";
  static final String PACKAGE = "@chdb/lib-linux-x64-gnu@" + VERSION;
  static final String SHA256 = "36ad4e999882821ef13cf2d0f52c93f48e6ee1b4498b35a201c23ce4b8d15bf5";
  private static final long PACKAGE_BYTES = 178_000_000L;
  private static final Duration STALE_FETCH = Duration.ofHours(1);
  private static final String ENTRY = "package/libchdb.so";

  private ChdbLibrary() {}

  /**
   * Returns the path of a verified {@code libchdb.so} under {@code cacheDir}, fetching it with
   * {@code npm pack} on first use.
   *
   * @throws EmbeddedServerException if npm is missing, the fetch fails or the checksum is wrong
   */
  public static Path ensure(Path cacheDir, Consumer<String> progress) {
    return ensure(cacheDir, progress, new NpmPackFetcher(PACKAGE, PACKAGE_BYTES, System.getenv()));
  }

  /**
   * The cache directory for downloaded artifacts: {@code $OBSERA_CACHE_DIR}, else {@code
   * $XDG_CACHE_HOME/obsera}, else {@code ~/.cache/obsera}.
   */
  public static Path defaultCacheDir(Map<String, String> env) {
    String obsera = env.get("OBSERA_CACHE_DIR");
    if (obsera != null && !obsera.isBlank()) {
      return Path.of(obsera);
    }
    String xdg = env.get("XDG_CACHE_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "obsera");
    }
    return Path.of(System.getProperty("user.home"), ".cache", "obsera");
  }

  static Path ensure(Path cacheDir, Consumer<String> progress, ChdbPackageFetcher fetcher) {
    Path target = cacheDir.resolve("chdb").resolve(VERSION).resolve("libchdb.so");
    try {
      if (Files.isRegularFile(target)) {
        if (VerifiedStamp.matches(target, SHA256)) {
          return target;
        }
        if (SHA256.equals(sha256(target))) {
          VerifiedStamp.write(target, SHA256);
          return target;
        }
        VerifiedStamp.delete(target);
        progress.accept("Cached " + target + " fails its checksum; fetching it again");
        Files.delete(target);
      }
      Files.createDirectories(target.getParent());
      deleteStaleFetches(target.getParent());
      Path work = Files.createTempDirectory(target.getParent(), "fetch-");
      try {
        Path archive = fetcher.fetch(work, progress);
        Path extracted = extract(archive, work);
        String actual = sha256(extracted);
        if (!SHA256.equals(actual)) {
          throw new EmbeddedServerException(
              "checksum mismatch for libchdb.so from "
                  + PACKAGE
                  + ": expected sha256 "
                  + SHA256
                  + " but got "
                  + actual
                  + "; the download is corrupt or the package changed");
        }
        readOnly(extracted);
        moveAtomically(extracted, target);
        VerifiedStamp.write(target, SHA256);
        progress.accept("libchdb.so " + VERSION + " ready at " + target);
        return target;
      } finally {
        deleteRecursively(work);
      }
    } catch (IOException e) {
      throw new EmbeddedServerException("cannot prepare libchdb.so under " + cacheDir, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EmbeddedServerException("interrupted while fetching libchdb.so", e);
    }
  }

  /** Removes work directories that a killed fetch left behind (a live one is younger). */
  private static void deleteStaleFetches(Path dir) throws IOException {
    Instant cutoff = Instant.now().minus(STALE_FETCH);
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path entry : entries.toList()) {
        if (entry.getFileName().toString().startsWith("fetch-")
            && Files.getLastModifiedTime(entry).toInstant().isBefore(cutoff)) {
          deleteRecursively(entry);
        }
      }
    }
  }

  private static Path extract(Path archive, Path work) throws IOException, InterruptedException {
    Path log = work.resolve("tar.log");
    Process tar =
        new ProcessBuilder("tar", "-xf", archive.toString(), "-C", work.toString(), ENTRY)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    if (!tar.waitFor(10, TimeUnit.MINUTES) || tar.exitValue() != 0) {
      tar.destroyForcibly();
      throw new EmbeddedServerException(
          "cannot extract " + ENTRY + " from " + archive + ": " + LogTail.of(log, 10));
    }
    return work.resolve(ENTRY);
  }

  /** No write permission for anyone: a stray write fails instead of changing the library. */
  private static void readOnly(Path file) {
    File f = file.toFile();
    f.setWritable(false, false);
  }

  private static void moveAtomically(Path source, Path target) throws IOException {
    try {
      Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new EmbeddedServerException(
          "cannot move " + source + " atomically to " + target + ": " + e.getMessage(), e);
    }
  }

  static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    byte[] buffer = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                throws IOException {
              Files.delete(file);
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
              Files.delete(d);
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
