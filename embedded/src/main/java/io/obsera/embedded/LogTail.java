package io.obsera.embedded;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The last lines of a log file, for quoting in error messages. */
final class LogTail {
  private static final int MAX_BYTES = 4096;

  private LogTail() {}

  static String of(Path file, int maxLines) {
    if (!Files.isRegularFile(file)) {
      return "(no log at " + file + ")";
    }
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
      long start = Math.max(0, raf.length() - MAX_BYTES);
      byte[] bytes = new byte[(int) (raf.length() - start)];
      raf.seek(start);
      raf.readFully(bytes);
      return of(new String(bytes, StandardCharsets.UTF_8), maxLines);
    } catch (IOException e) {
      return "(cannot read " + file + ": " + e.getMessage() + ")";
    }
  }

  static String of(String text, int maxLines) {
    String[] lines = text.strip().split("\\R");
    int from = Math.max(0, lines.length - maxLines);
    return String.join("\n", java.util.Arrays.asList(lines).subList(from, lines.length));
  }
}
