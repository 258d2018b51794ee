package io.obsera.standalone;

import io.obsera.embedded.PrivateFiles;
import io.obsera.model.Topics;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.schema.SchemaMigrator;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * {@code ./obsera restore DIR}: a backup of {@link RuntimeBackup} into an empty data directory
 * ({@code OBSERA_DATA_DIR}), checked first (manifest, versions, every file's SHA-256): the secret
 * files, the control topics' records into a new embedded Kafka (each into its partition, in order,
 * signatures as they were), and the ClickHouse database with ClickHouse's own {@code RESTORE}. The
 * next {@code ./obsera up} starts from it (and applies the migrations newer than the backup).
 */
final class RuntimeRestore {
  private final StandaloneConfig config;
  private final PrintStream out;
  private final Clock clock;

  RuntimeRestore(StandaloneConfig config, PrintStream out, Clock clock) {
    this.config = config;
    this.out = out;
    this.clock = clock;
  }

  BackupManifest run(Path dir) throws IOException {
    requireSupportedLayout(config, "restore");
    if (!Files.isDirectory(dir)) {
      throw new BackupException(BackupException.Reason.BAD_BACKUP, "no backup at " + dir);
    }
    BackupManifest manifest = BackupManifest.read(dir, SchemaMigrator.latestVersion());
    for (String topic : manifest.topics().keySet()) {
      if (!Topics.controlTopics().contains(topic)) {
        throw new BackupException(
            BackupException.Reason.VERSION,
            "backup holds topic "
                + topic
                + ", which this Obsera does not know: restore with the"
                + " version that wrote it or a newer one");
      }
    }
    for (String secret : manifest.secrets()) {
      if (!secret.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
        throw new BackupException(
            BackupException.Reason.BAD_BACKUP, "backup names an invalid secret file: " + secret);
      }
    }
    manifest.verify(dir);
    if (config.externalKafkaBootstrap().isPresent()) {
      restoreIntoExternal(manifest, dir);
      return manifest;
    }
    Path data = config.dataDir();
    requireStopped(data);
    requireEmptyDataDir(data);
    writeSecrets(manifest, dir);
    out.println("starting a new embedded Kafka and ClickHouse in " + data + " ...");
    try (BackupServers servers = BackupServers.start(config, out)) {
      String bootstrap = servers.kafka().bootstrapServers();
      restoreControl(
          manifest,
          dir,
          new ControlTopicArchive(bootstrap, servers.kafka().superUserSettings()),
          bootstrap,
          servers.kafka().superUserSettings());
      if (manifest.clickHouseVersion() != null) {
        String name = "restore-" + clock.millis();
        Path staged = servers.backupsDisk().resolve(name);
        BackupFiles.link(dir.resolve(BackupManifest.CLICKHOUSE), staged);
        try {
          servers.clickHouse().restore(name);
        } finally {
          BackupFiles.delete(staged);
        }
        out.println(
            "ClickHouse: database "
                + Standalone.DATABASE
                + " restored (schema version "
                + manifest.schemaVersion()
                + ")");
      }
    }
    return manifest;
  }

  /**
   * The control topics into an external cluster (the distributed layout) whose control topics hold
   * no record yet; ClickHouse is restored with its own {@code RESTORE} on the server.
   */
  private void restoreIntoExternal(BackupManifest manifest, Path dir) throws IOException {
    String bootstrap = config.externalKafkaBootstrap().get();
    ControlTopicArchive archive = new ControlTopicArchive(bootstrap, config.kafkaOverrides());
    for (String topic : manifest.topics().keySet()) {
      if (archive.hasRecords(topic)) {
        throw new BackupException(
            BackupException.Reason.NOT_EMPTY,
            "Kafka topic "
                + topic
                + " on "
                + bootstrap
                + " already holds records: restore goes into a cluster without Obsera's control"
                + " records");
      }
    }
    if (!manifest.secrets().isEmpty()) {
      requireEmptyDataDir(config.dataDir());
      writeSecrets(manifest, dir);
    }
    restoreControl(manifest, dir, archive, bootstrap, config.kafkaOverrides());
    if (manifest.clickHouseVersion() != null) {
      out.println(
          "ClickHouse: not restored (external servers): put "
              + dir.resolve(BackupManifest.CLICKHOUSE)
              + " on a backups disk of the server and run RESTORE DATABASE "
              + Standalone.DATABASE
              + " FROM Disk(...) (docs/operations.md)");
    }
  }

  private void restoreControl(
      BackupManifest manifest,
      Path dir,
      ControlTopicArchive archive,
      String bootstrap,
      Map<String, String> adminSettings)
      throws IOException {
    TopicProvisioner.ensure(bootstrap, adminSettings, Topics.all(config.kafkaPartitions()));
    long records = 0;
    for (String topic : manifest.topics().keySet()) {
      records += archive.restore(topic, dir.resolve(BackupManifest.CONTROL));
    }
    out.println(
        "control topics: " + records + " records of " + manifest.topics().size() + " topics");
  }

  private static void requireEmptyDataDir(Path data) throws IOException {
    if (!BackupFiles.isEmpty(data)) {
      throw new BackupException(
          BackupException.Reason.NOT_EMPTY,
          "data directory "
              + data
              + " (OBSERA_DATA_DIR) is not empty: restore goes into an empty one (move it aside,"
              + " or set OBSERA_DATA_DIR to a new directory)");
    }
  }

  /** The backup's secret files into the (empty) data directory, 0600. */
  private void writeSecrets(BackupManifest manifest, Path dir) throws IOException {
    Path data = config.dataDir();
    Standalone.privateDataDir(data);
    for (String secret : manifest.secrets()) {
      PrivateFiles.write(
          data.resolve(secret),
          Files.readString(
              dir.resolve(BackupManifest.SECRETS).resolve(secret), StandardCharsets.UTF_8));
    }
  }

  /**
   * Backup and restore work on the embedded servers, or on an external Kafka (its control topics;
   * ClickHouse then has its own backup). An external ClickHouse beside the embedded Kafka is
   * refused: its data would be silently left out.
   */
  static void requireSupportedLayout(StandaloneConfig config, String command) {
    if (config.externalKafkaBootstrap().isEmpty() && config.externalClickHouseUrl().isPresent()) {
      throw new BackupException(
          BackupException.Reason.USAGE,
          "./obsera "
              + command
              + " does not reach an external ClickHouse (OBSERA_CLICKHOUSE_URL) beside the"
              + " embedded Kafka: back it up with its own BACKUP as docs/operations.md describes");
    }
  }

  /** The runtime holds its data directory while it runs: backup and restore need it stopped. */
  static void requireStopped(Path data) throws IOException {
    if (BackupFiles.runtimeHolds(data)) {
      throw new BackupException(
          BackupException.Reason.RUNNING,
          "an Obsera runtime (or another backup or restore) is running on "
              + data
              + " (it holds the data directory's locks): stop it first (Ctrl-C or SIGTERM)");
    }
  }
}
