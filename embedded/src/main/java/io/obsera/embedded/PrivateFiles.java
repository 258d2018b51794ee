package io.obsera.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files only the owner may read: the data directory and what it holds (endpoint headers, all
 * telemetry, passwords). Directories are made 0700 and files 0600 from the start (never written
 * with the default mode and narrowed afterwards), and {@link #directory} and {@link #tighten}
 * narrow what an older version left wider. On a file system without POSIX permissions they only
 * create and write.
 */
public final class PrivateFiles {
  private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private PrivateFiles() {}

  /** Creates {@code dir} and its missing parents 0700, or narrows it to 0700; returns it. */
  public static Path directory(Path dir) throws IOException {
    if (posix(nearestExisting(dir))) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIR));
      Files.setPosixFilePermissions(dir, DIR);
    } else {
      Files.createDirectories(dir);
    }
    return dir;
  }

  /**
   * Replaces {@code file} with {@code content} atomically: written to a temporary file created 0600
   * beside it, then moved over it.
   */
  public static void write(Path file, String content) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    FileAttribute<?>[] attrs =
        posix(dir)
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)}
            : new FileAttribute<?>[0];
    Path tmp = Files.createTempFile(dir, file.getFileName() + ".", ".tmp", attrs);
    try {
      Files.writeString(tmp, content, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /** Narrows an existing directory to 0700 or file to 0600 (nothing when missing). */
  public static void tighten(Path path) throws IOException {
    if (Files.exists(path) && posix(path)) {
      Files.setPosixFilePermissions(path, Files.isDirectory(path) ? DIR : FILE);
    }
  }

  private static boolean posix(Path existing) throws IOException {
    return Files.getFileStore(existing).supportsFileAttributeView(PosixFileAttributeView.class);
  }

  private static Path nearestExisting(Path p) {
    Path a = p.toAbsolutePath();
    while (a != null && !Files.exists(a)) {
      a = a.getParent();
    }
    return a == null ? p.toAbsolutePath().getRoot() : a;
  }
}
