package io.obsera.testing;

import io.obsera.embedded.ChdbLibrary;
import io.obsera.embedded.EmbeddedClickHouse;
import io.obsera.embedded.EmbeddedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * One ClickHouse and one Kafka per test JVM, started on first use and stopped by a shutdown hook.
 *
 * <p>Embedded by default, with data under {@code target/shared-servers-<pid>} of the working
 * directory. {@code OBSERA_CLICKHOUSE_URL} (with {@code OBSERA_CLICKHOUSE_USER}, {@code
 * OBSERA_CLICKHOUSE_PASSWORD} and optionally {@code OBSERA_CLICKHOUSE_ANALYST_USER}/{@code
 * _PASSWORD}) selects an existing ClickHouse instead, and libchdb is never fetched; {@code
 * OBSERA_KAFKA_BOOTSTRAP} selects an existing Kafka cluster.
 */
public final class SharedServers {
  private static final long CLICKHOUSE_MEMORY_BYTES = 2L * 1024 * 1024 * 1024;
  private static final Object CLICKHOUSE_LOCK = new Object();
  private static final Object KAFKA_LOCK = new Object();
  private static final Map<String, String> ENV = System.getenv();

  private static ClickHouseEndpoint clickHouse;
  private static String kafkaBootstrap;
  private static Path dataDir;

  /** Where and as whom to reach ClickHouse: an admin user and a read-only analyst user. */
  public record ClickHouseEndpoint(
      String httpUrl, String user, String password, String analystUser, String analystPassword) {}

  private SharedServers() {}

  /** The shared ClickHouse, started (or looked up from the environment) on first call. */
  public static ClickHouseEndpoint clickHouse() {
    synchronized (CLICKHOUSE_LOCK) {
      if (clickHouse == null) {
        clickHouse = external(ENV);
        if (clickHouse == null && DockerServers.selected()) {
          clickHouse = DockerServers.clickHouse();
        }
        if (clickHouse == null) {
          clickHouse = startClickHouse();
        }
      }
      return clickHouse;
    }
  }

  /**
   * {@code host:port} of the shared Kafka, started (or taken from the environment) on first call.
   */
  public static String kafkaBootstrap() {
    synchronized (KAFKA_LOCK) {
      if (kafkaBootstrap == null) {
        String configured = ENV.get("OBSERA_KAFKA_BOOTSTRAP");
        if (configured != null && !configured.isBlank()) {
          kafkaBootstrap = configured.strip();
        } else if (DockerServers.selected()) {
          kafkaBootstrap = DockerServers.kafkaBootstrap();
        } else {
          kafkaBootstrap = startKafka();
        }
      }
      return kafkaBootstrap;
    }
  }

  static ClickHouseEndpoint external(Map<String, String> env) {
    String url = env.get("OBSERA_CLICKHOUSE_URL");
    if (url == null || url.isBlank()) {
      return null;
    }
    String user = env.getOrDefault("OBSERA_CLICKHOUSE_USER", "default");
    String password = env.getOrDefault("OBSERA_CLICKHOUSE_PASSWORD", "");
    return new ClickHouseEndpoint(
        url.strip().replaceAll("/+$", ""),
        user,
        password,
        env.getOrDefault("OBSERA_CLICKHOUSE_ANALYST_USER", user),
        env.getOrDefault("OBSERA_CLICKHOUSE_ANALYST_PASSWORD", password));
  }

  private static ClickHouseEndpoint startClickHouse() {
    Path libchdb = ChdbLibrary.ensure(ChdbLibrary.defaultCacheDir(ENV), SharedServers::log);
    EmbeddedClickHouse server =
        EmbeddedClickHouse.start(
            new EmbeddedClickHouse.Config(
                dataDir().resolve("clickhouse"),
                libchdb,
                "127.0.0.1",
                0,
                0,
                "obsera_admin",
                UUID.randomUUID().toString(),
                "obsera_analyst",
                UUID.randomUUID().toString(),
                CLICKHOUSE_MEMORY_BYTES),
            SharedServers::log);
    stopAtExit("clickhouse", server);
    return new ClickHouseEndpoint(
        server.httpUrl(),
        server.adminUser(),
        server.adminPassword(),
        server.analystUser(),
        server.analystPassword());
  }

  private static String startKafka() {
    long started = System.nanoTime();
    EmbeddedKafka kafka =
        EmbeddedKafka.start(
            new EmbeddedKafka.Config(dataDir().resolve("kafka"), "127.0.0.1", 0, 0));
    stopAtExit("kafka", kafka);
    log(
        "Kafka ready at "
            + kafka.bootstrapServers()
            + " in "
            + (System.nanoTime() - started) / 1_000_000
            + " ms");
    return kafka.bootstrapServers();
  }

  private static synchronized Path dataDir() {
    if (dataDir == null) {
      String name = "shared-servers-" + ProcessHandle.current().pid();
      Path target = Path.of(System.getProperty("user.dir"), "target");
      try {
        dataDir =
            Files.isDirectory(target)
                ? Files.createDirectories(target.resolve(name))
                : Files.createTempDirectory("obsera-" + name + "-");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create a data directory for shared servers", e);
      }
    }
    return dataDir;
  }

  private static void stopAtExit(String name, AutoCloseable server) {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    server.close();
                  } catch (Exception e) {
                    System.err.println("[obsera-test] stopping shared " + name + ": " + e);
                  }
                },
                "stop-shared-" + name));
  }

  private static void log(String line) {
    System.out.println("[obsera-test] " + line);
  }
}
