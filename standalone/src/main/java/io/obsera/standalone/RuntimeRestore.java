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
    requireEmbedded(config, "restore");
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
    Path data = config.dataDir();
    requireStopped(data);
    if (!BackupFiles.isEmpty(data)) {
      throw new BackupException(
          BackupException.Reason.NOT_EMPTY,
          "data directory "
              + data
              + " (OBSERA_DATA_DIR) is not empty: restore goes into an empty one (move it aside,"
              + " or set OBSERA_DATA_DIR to a new directory)");
    }
    Standalone.privateDataDir(data);
    for (String secret : manifest.secrets()) {
      PrivateFiles.write(
          data.resolve(secret),
          Files.readString(
              dir.resolve(BackupManifest.SECRETS).resolve(secret), StandardCharsets.UTF_8));
    }
    out.println("starting a new embedded Kafka and ClickHouse in " + data + " ...");
    try (BackupServers servers = BackupServers.start(config, out)) {
      String bootstrap = servers.kafka().bootstrapServers();
      TopicProvisioner.ensure(
          bootstrap, servers.kafka().superUserSettings(), Topics.all(config.kafkaPartitions()));
      ControlTopicArchive archive =
          new ControlTopicArchive(bootstrap, servers.kafka().superUserSettings());
      long records = 0;
      for (String topic : manifest.topics().keySet()) {
        records += archive.restore(topic, dir.resolve(BackupManifest.CONTROL));
      }
      out.println(
          "control topics: " + records + " records of " + manifest.topics().size() + " topics");
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
    return manifest;
  }

  /** Backup and restore work on the embedded servers; external ones are backed up on their own. */
  static void requireEmbedded(StandaloneConfig config, String command) {
    if (config.externalKafkaBootstrap().isPresent() || config.externalClickHouseUrl().isPresent()) {
      throw new BackupException(
          BackupException.Reason.USAGE,
          "./obsera "
              + command
              + " works on the embedded Kafka and ClickHouse; with OBSERA_KAFKA_BOOTSTRAP or"
              + " OBSERA_CLICKHOUSE_URL set, back up the external servers as docs/operations.md"
              + " describes for the distributed layout");
    }
  }

  /** The runtime holds its data directory while it runs: backup and restore need it stopped. */
  static void requireStopped(Path data) throws IOException {
    if (BackupFiles.runtimeHolds(data)) {
      throw new BackupException(
          BackupException.Reason.RUNNING,
          "an Obsera runtime is running on "
              + data
              + " (it holds the data directory's locks): stop it first (Ctrl-C or SIGTERM)");
    }
  }
}
