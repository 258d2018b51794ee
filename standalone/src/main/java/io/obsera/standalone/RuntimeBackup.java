package io.obsera.standalone;

import io.obsera.embedded.PrivateFiles;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code ./obsera backup DIR}: the stopped standalone runtime's data directory into {@code DIR}
 * (missing or empty): the control topics ({@link BackupTopics}) as their signed records ({@link
 * ControlTopicArchive}), the ClickHouse database with ClickHouse's own {@code BACKUP}, the secret
 * files of the data directory, and {@code manifest.json} last.
 */
final class RuntimeBackup {
  private final StandaloneConfig config;
  private final PrintStream out;
  private final Clock clock;

  RuntimeBackup(StandaloneConfig config, PrintStream out, Clock clock) {
    this.config = config;
    this.out = out;
    this.clock = clock;
  }

  BackupManifest run(Path dir) throws IOException {
    Path data = config.dataDir();
    RuntimeRestore.requireEmbedded(config, "backup");
    if (!Files.isRegularFile(data.resolve("kafka/kafka-logs/meta.properties"))) {
      throw new BackupException(
          BackupException.Reason.USAGE,
          "nothing to back up: "
              + data
              + " (OBSERA_DATA_DIR) holds no Obsera runtime (no kafka/kafka-logs/meta.properties)");
    }
    RuntimeRestore.requireStopped(data);
    if (!BackupFiles.isEmpty(dir)) {
      throw new BackupException(
          BackupException.Reason.NOT_EMPTY,
          "backup directory " + dir + " is not empty: back up into a new or empty directory");
    }
    PrivateFiles.directory(dir);
    Path control = Files.createDirectories(dir.resolve(BackupManifest.CONTROL));
    Map<String, Long> topics = new LinkedHashMap<>();
    int schemaVersion;
    String clickHouseVersion;
    out.println("starting the embedded Kafka and ClickHouse of " + data + " ...");
    try (BackupServers servers = BackupServers.start(config, out)) {
      ControlTopicArchive archive =
          new ControlTopicArchive(
              servers.kafka().bootstrapServers(), servers.kafka().superUserSettings());
      for (String topic : BackupTopics.backedUp()) {
        topics.put(topic, archive.export(topic, control));
      }
      out.println(
          "control topics: "
              + topics.values().stream().mapToLong(Long::longValue).sum()
              + " records of "
              + topics.size()
              + " topics");
      ClickHouseArchive clickHouse = servers.clickHouse();
      schemaVersion = clickHouse.schemaVersion();
      clickHouseVersion = clickHouse.version();
      String name = "obsera-" + clock.millis();
      clickHouse.backup(name);
      BackupFiles.move(servers.backupsDisk().resolve(name), dir.resolve(BackupManifest.CLICKHOUSE));
      out.println(
          "ClickHouse: database "
              + Standalone.DATABASE
              + " backed up (schema version "
              + schemaVersion
              + ", ClickHouse "
              + clickHouseVersion
              + ")");
    }
    List<String> secrets = copySecrets(data, dir.resolve(BackupManifest.SECRETS));
    BackupManifest manifest =
        new BackupManifest(
            BackupManifest.FORMAT,
            BackupManifest.FORMAT_VERSION,
            clock.instant().toString(),
            schemaVersion,
            clickHouseVersion,
            topics,
            secrets,
            BackupManifest.checksums(dir));
    manifest.write(dir);
    return manifest;
  }

  /**
   * The secret files of the data directory (the files directly in it: the control-record signing
   * key, the sealing key, tokens and passwords), 0600 in a 0700 folder.
   */
  private static List<String> copySecrets(Path data, Path to) throws IOException {
    PrivateFiles.directory(to);
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.list(data)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        String name = f.getFileName().toString();
        PrivateFiles.write(to.resolve(name), Files.readString(f, StandardCharsets.UTF_8));
        names.add(name);
      }
    }
    return names;
  }
}
