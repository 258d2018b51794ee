package io.obsera.testing;

import io.obsera.embedded.ChdbLibrary;
import io.obsera.embedded.EmbeddedClickHouse;
import io.obsera.embedded.EmbeddedKafka;
import io.obsera.model.ClickHouseSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;

/**
 * Servers a test owns, for {@code *RestartIT}s that stop, kill or restart them: a ClickHouse child
 * process and a Kafka broker in this JVM, each under its own directory (data kept across a stop and
 * start).
 */
public final class OwnServers {
  public static final String CLICKHOUSE_ADMIN = "admin";
  public static final String CLICKHOUSE_ADMIN_PASSWORD = "admin-password-1";

  private OwnServers() {}

  /** A ClickHouse configuration on a free HTTP port; the same config restarts the same server. */
  public static EmbeddedClickHouse.Config clickHouseConfig(Path dataDir) {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new EmbeddedClickHouse.Config(
        dataDir,
        ChdbLibrary.ensure(ChdbLibrary.defaultCacheDir(System.getenv()), System.out::println),
        "127.0.0.1",
        port,
        0,
        CLICKHOUSE_ADMIN,
        CLICKHOUSE_ADMIN_PASSWORD,
        "analyst",
        "analyst-password-1",
        1L << 30);
  }

  public static EmbeddedClickHouse startClickHouse(EmbeddedClickHouse.Config config) {
    return EmbeddedClickHouse.start(config, System.out::println);
  }

  /** The admin user's settings for {@code database} on a server started from {@code config}. */
  public static ClickHouseSettings clickHouseSettings(
      EmbeddedClickHouse.Config config, String database) {
    return new ClickHouseSettings(
        "http://127.0.0.1:" + config.httpPort(),
        CLICKHOUSE_ADMIN,
        CLICKHOUSE_ADMIN_PASSWORD,
        database);
  }

  public static EmbeddedKafka startKafka(Path dataDir) {
    return EmbeddedKafka.start(new EmbeddedKafka.Config(dataDir, "127.0.0.1", 0, 0));
  }
}
