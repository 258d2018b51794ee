package io.obsera.standalone;

import io.obsera.embedded.ChdbLibrary;
import io.obsera.embedded.ClickHouseBackupDisk;
import io.obsera.embedded.EmbeddedClickHouse;
import io.obsera.embedded.EmbeddedKafka;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The embedded Kafka and ClickHouse of a data directory and nothing else (no service reads or
 * writes while a backup or a restore runs), on free loopback ports, with the data directory's own
 * credentials (generated there when it is new). Taking the servers' locks also keeps a runtime from
 * starting on the directory meanwhile.
 */
final class BackupServers implements AutoCloseable {
  private static final String HOST = "127.0.0.1";

  private final EmbeddedKafka kafka;
  private final EmbeddedClickHouse clickHouse;
  private final Path clickHouseDir;

  private BackupServers(EmbeddedKafka kafka, EmbeddedClickHouse clickHouse, Path clickHouseDir) {
    this.kafka = kafka;
    this.clickHouse = clickHouse;
    this.clickHouseDir = clickHouseDir;
  }

  static BackupServers start(StandaloneConfig config, PrintStream out) {
    Secrets secrets = new Secrets(config.dataDir());
    Path clickHouseDir = config.dataDir().resolve("clickhouse");
    CompletableFuture<EmbeddedClickHouse> clickHouse =
        CompletableFuture.supplyAsync(
            () -> {
              Path lib =
                  ChdbLibrary.ensure(config.cacheDir(), msg -> out.println("  libchdb: " + msg));
              return EmbeddedClickHouse.start(
                  new EmbeddedClickHouse.Config(
                      clickHouseDir,
                      lib,
                      HOST,
                      0,
                      0,
                      Standalone.CLICKHOUSE_ADMIN,
                      secrets.get("clickhouse-admin-password", Optional.empty(), 24).value(),
                      null,
                      null,
                      0L),
                  msg -> out.println("  clickhouse: " + msg));
            });
    EmbeddedKafka kafka;
    try {
      kafka =
          EmbeddedKafka.start(
              new EmbeddedKafka.Config(
                  config.dataDir().resolve("kafka"),
                  HOST,
                  0,
                  0,
                  secrets.get("kafka-broker-password", Optional.empty(), 32).value()));
    } catch (RuntimeException e) {
      clickHouse.thenAccept(EmbeddedClickHouse::close);
      throw e;
    }
    try {
      return new BackupServers(kafka, clickHouse.join(), clickHouseDir);
    } catch (CompletionException e) {
      kafka.close();
      throw e.getCause() instanceof RuntimeException re ? re : e;
    }
  }

  EmbeddedKafka kafka() {
    return kafka;
  }

  ClickHouseArchive clickHouse() {
    return new ClickHouseArchive(
        clickHouse.httpUrl(),
        clickHouse.adminUser(),
        clickHouse.adminPassword(),
        Standalone.DATABASE);
  }

  /** The folder of the server's {@code backups} disk. */
  Path backupsDisk() {
    return ClickHouseBackupDisk.dir(clickHouseDir);
  }

  @Override
  public void close() {
    try {
      kafka.close();
    } finally {
      clickHouse.close();
    }
  }
}
