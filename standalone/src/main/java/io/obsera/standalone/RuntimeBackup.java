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
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code ./obsera backup DIR}: the stopped standalone runtime's data directory into {@code DIR}
 * (missing or empty): the control topics ({@link BackupTopics}) as their signed records ({@link
 * ControlTopicArchive}), the ClickHouse database with ClickHouse's own {@code BACKUP}, the secret
 * files of the data directory, and {@code manifest.json} last. With an external Kafka ({@code
 * OBSERA_KAFKA_BOOTSTRAP}, the distributed layout) it exports that cluster's control topics only,
 * online; ClickHouse is then backed up with its own {@code BACKUP} on the server.
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
    RuntimeRestore.requireSupportedLayout(config, "backup");
    boolean external = config.externalKafkaBootstrap().isPresent();
    if (!external && !Files.isRegularFile(data.resolve("kafka/kafka-logs/meta.properties"))) {
      throw new BackupException(
          BackupException.Reason.USAGE,
          "nothing to back up: "
              + data
              + " (OBSERA_DATA_DIR) holds no Obsera runtime (no kafka/kafka-logs/meta.properties)");
    }
    if (!external) {
      RuntimeRestore.requireStopped(data);
    }
    if (!BackupFiles.isEmpty(dir)) {
      throw new BackupException(
          BackupException.Reason.NOT_EMPTY,
          "backup directory " + dir + " is not empty: back up into a new or empty directory");
    }
    PrivateFiles.directory(dir);
    Map<String, Long> topics;
    int schemaVersion = 0;
    String clickHouseVersion = null;
    if (external) {
      // an external cluster: read online (each topic up to its end when the export starts)
      String bootstrap = config.externalKafkaBootstrap().get();
      out.println("exporting the control topics of " + bootstrap + " ...");
      topics = exportControl(new ControlTopicArchive(bootstrap, config.kafkaOverrides()), dir);
      out.println(
          "ClickHouse: not in this backup (external servers): back it up with ClickHouse's own"
              + " BACKUP DATABASE "
              + Standalone.DATABASE
              + " (docs/operations.md)");
    } else {
      out.println("starting the embedded Kafka and ClickHouse of " + data + " ...");
      try (BackupServers servers = BackupServers.start(config, out)) {
        topics =
            exportControl(
                new ControlTopicArchive(
                    servers.kafka().bootstrapServers(), servers.kafka().superUserSettings()),
                dir);
        ClickHouseArchive clickHouse = servers.clickHouse();
        schemaVersion = clickHouse.schemaVersion();
        clickHouseVersion = clickHouse.version();
        String name = "obsera-" + clock.millis();
        clickHouse.backup(name);
        BackupFiles.move(
            servers.backupsDisk().resolve(name), dir.resolve(BackupManifest.CLICKHOUSE));
        out.println(
            "ClickHouse: database "
                + Standalone.DATABASE
                + " backed up (schema version "
                + schemaVersion
                + ", ClickHouse "
                + clickHouseVersion
                + ")");
      }
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

  private Map<String, Long> exportControl(ControlTopicArchive archive, Path dir)
      throws IOException {
    Path control = Files.createDirectories(dir.resolve(BackupManifest.CONTROL));
    Map<String, Long> topics = new LinkedHashMap<>();
    for (String topic : BackupTopics.backedUp()) {
      topics.put(topic, archive.export(topic, control));
    }
    out.println(
        "control topics: "
            + topics.values().stream().mapToLong(Long::longValue).sum()
            + " records of "
            + topics.size()
            + " topics");
    return topics;
  }

  /**
   * The secret files standalone keeps directly in its data directory (see {@link Standalone} and
   * {@link KafkaPrincipals}); anything else there (a JVM's temporary files) is not backed up.
   */
  static final Pattern SECRET_FILES =
      Pattern.compile(
          "admin-token|api-key|probe-key|secret-key|control-signing-key|analyst-password"
              + "|clickhouse-admin-password|kafka-[a-z0-9-]+-password");

  /** The secret files of the data directory, 0600 in a 0700 folder. */
  private static List<String> copySecrets(Path data, Path to) throws IOException {
    PrivateFiles.directory(to);
    List<String> names = new ArrayList<>();
    if (!Files.isDirectory(data)) {
      return names; // external servers without a standalone data directory
    }
    try (Stream<Path> files = Files.list(data)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        String name = f.getFileName().toString();
        if (SECRET_FILES.matcher(name).matches()) {
          PrivateFiles.write(to.resolve(name), Files.readString(f, StandardCharsets.UTF_8));
          names.add(name);
        }
      }
    }
    return names;
  }
}
