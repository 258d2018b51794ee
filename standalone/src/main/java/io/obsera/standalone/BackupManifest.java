package io.obsera.standalone;

import io.obsera.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code manifest.json} of a backup directory, written last (a directory without one is an
 * incomplete backup): the format and its version, when, the ClickHouse schema version (the last
 * migration applied) and server version, the records per control topic, the secret files, and the
 * SHA-256 of every other file of the backup, checked before a restore.
 *
 * @param format always {@link #FORMAT}
 * @param formatVersion {@link #FORMAT_VERSION} when written by this build
 */
record BackupManifest(
    String format,
    int formatVersion,
    String createdAt,
    int schemaVersion,
    String clickHouseVersion,
    Map<String, Long> topics,
    List<String> secrets,
    Map<String, String> files) {
  static final String FILE = "manifest.json";
  static final String FORMAT = "obsera-backup";
  static final int FORMAT_VERSION = 1;

  /** The folders of a backup directory. */
  static final String CONTROL = "control";

  static final String CLICKHOUSE = "clickhouse";
  static final String SECRETS = "secrets";

  void write(Path dir) throws IOException {
    Path tmp = dir.resolve(FILE + ".tmp");
    Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), this);
    Files.move(tmp, dir.resolve(FILE), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** The manifest of {@code dir}, its format and versions checked against this build. */
  static BackupManifest read(Path dir, int latestSchemaVersion) {
    BackupManifest m;
    try {
      m = Json.MAPPER.readValue(dir.resolve(FILE).toFile(), BackupManifest.class);
    } catch (NoSuchFileException | java.io.FileNotFoundException e) {
      throw new BackupException(
          BackupException.Reason.BAD_BACKUP,
          "no "
              + FILE
              + " in "
              + dir
              + ": not a backup, or one that did not finish (the manifest is written last)");
    } catch (IOException e) {
      throw new BackupException(
          BackupException.Reason.BAD_BACKUP,
          dir.resolve(FILE) + " cannot be read: " + e.getMessage(),
          e);
    }
    if (!FORMAT.equals(m.format())
        || m.files() == null
        || m.topics() == null
        || m.secrets() == null) {
      throw new BackupException(
          BackupException.Reason.BAD_BACKUP,
          dir.resolve(FILE) + " is not an Obsera backup manifest (format " + m.format() + ")");
    }
    if (m.formatVersion() > FORMAT_VERSION) {
      throw new BackupException(
          BackupException.Reason.VERSION,
          "backup format version "
              + m.formatVersion()
              + " is newer than this Obsera reads ("
              + FORMAT_VERSION
              + "): restore with the version that wrote it or a newer one");
    }
    if (m.schemaVersion() > latestSchemaVersion) {
      throw new BackupException(
          BackupException.Reason.VERSION,
          "backup holds ClickHouse schema version "
              + m.schemaVersion()
              + ", newer than this Obsera knows ("
              + latestSchemaVersion
              + "): restore with the version that wrote it or a newer one");
    }
    return m;
  }

  /** Throws {@link BackupException.Reason#BAD_BACKUP} naming the first file that does not match. */
  void verify(Path dir) throws IOException {
    Map<String, String> found = checksums(dir);
    for (Map.Entry<String, String> e : files.entrySet()) {
      String actual = found.get(e.getKey());
      if (actual == null) {
        throw new BackupException(
            BackupException.Reason.BAD_BACKUP,
            "backup file " + dir.resolve(e.getKey()) + " is missing");
      }
      if (!actual.equals(e.getValue())) {
        throw new BackupException(
            BackupException.Reason.BAD_BACKUP,
            "backup file "
                + dir.resolve(e.getKey())
                + " is corrupted (its SHA-256 differs from the manifest's)");
      }
    }
    for (String extra : found.keySet()) {
      if (!files.containsKey(extra)) {
        throw new BackupException(
            BackupException.Reason.BAD_BACKUP,
            "backup file " + dir.resolve(extra) + " is not in the manifest");
      }
    }
  }

  /** SHA-256 (hex) of every file under {@code dir} but the manifest, by relative path. */
  static Map<String, String> checksums(Path dir) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path f : all.filter(Files::isRegularFile).sorted().toList()) {
        String rel = dir.relativize(f).toString().replace('\\', '/');
        if (!rel.equals(FILE) && !rel.equals(FILE + ".tmp")) {
          out.put(rel, sha256(f));
        }
      }
    }
    return out;
  }

  private static String sha256(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
