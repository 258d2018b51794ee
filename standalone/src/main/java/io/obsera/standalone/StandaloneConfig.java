package io.obsera.standalone;

import io.obsera.alert.worker.AlertWorkerConfig;
import io.obsera.identity.IdentityConfig;
import io.obsera.identity.sso.SsoConfig;
import io.obsera.ingest.IngestConfig;
import io.obsera.model.ClickHouseSettings;
import io.obsera.model.ConfigSupport;
import io.obsera.model.access.ReaderLimits;
import io.obsera.platform.control.ControlSignature;
import io.obsera.platform.control.ControlTrust;
import io.obsera.platform.crypto.SecretBox;
import io.obsera.query.ResultCaps;
import io.obsera.query.quota.TenantQuotas;
import io.obsera.streams.StreamsServiceConfig;
import io.obsera.writer.WriterServiceConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Configuration of the one-command runtime. Every field comes from one environment variable, named
 * in the README's table and in each validation error.
 */
public record StandaloneConfig(
    Path dataDir,
    Path cacheDir,
    String bindHost,
    int otlpHttpPort,
    int otlpGrpcPort,
    int apiPort,
    int clickHouseHttpPort,
    int clickHouseTcpPort,
    int kafkaPort,
    Optional<String> externalClickHouseUrl,
    Optional<String> externalClickHouseUser,
    Optional<String> externalClickHousePassword,
    Optional<String> externalKafkaBootstrap,
    Optional<String> adminToken,
    Optional<String> apiKey,
    Optional<String> analystPassword,
    Optional<String> secretKey,
    Optional<String> controlSigningKey,
    int kafkaPartitions,
    IngestConfig ingest,
    StreamsServiceConfig streams,
    WriterServiceConfig writer,
    Map<String, String> kafkaOverrides,
    ReaderLimits sqlLimits,
    StandaloneProbes.Config probes,
    AlertWorkerConfig alerts,
    ResultCaps resultCaps,
    int clickHouseMaxExecutionSeconds,
    TenantQuotas quotas,
    IdentityConfig identity,
    Optional<String> adminEmail,
    SsoConfig sso) {

  /** Every port variable; setting all of them to 0 runs an instance beside another one. */
  public static final List<String> PORT_VARIABLES =
      List.of(
          "OBSERA_OTLP_HTTP_PORT",
          "OBSERA_OTLP_GRPC_PORT",
          "OBSERA_API_PORT",
          "OBSERA_CLICKHOUSE_HTTP_PORT",
          "OBSERA_CLICKHOUSE_TCP_PORT",
          "OBSERA_KAFKA_PORT");

  public StandaloneConfig {
    ConfigSupport.requireNonBlank("OBSERA_BIND", bindHost);
    ConfigSupport.requirePort("OBSERA_OTLP_HTTP_PORT", otlpHttpPort);
    ConfigSupport.requirePort("OBSERA_OTLP_GRPC_PORT", otlpGrpcPort);
    ConfigSupport.requirePort("OBSERA_API_PORT", apiPort);
    ConfigSupport.requirePort("OBSERA_CLICKHOUSE_HTTP_PORT", clickHouseHttpPort);
    ConfigSupport.requirePort("OBSERA_CLICKHOUSE_TCP_PORT", clickHouseTcpPort);
    ConfigSupport.requirePort("OBSERA_KAFKA_PORT", kafkaPort);
    if (kafkaPartitions < 1 || kafkaPartitions > 256) {
      throw new IllegalArgumentException("OBSERA_KAFKA_PARTITIONS must be between 1 and 256");
    }
    if (externalClickHouseUrl.isPresent() && externalClickHouseUser.isEmpty()) {
      throw new IllegalArgumentException(
          "OBSERA_CLICKHOUSE_USER must be set when OBSERA_CLICKHOUSE_URL is set");
    }
    adminToken.ifPresent(
        t -> {
          if (t.length() < 24) {
            throw new IllegalArgumentException("OBSERA_ADMIN_TOKEN must be at least 24 characters");
          }
        });
    analystPassword.ifPresent(
        p -> {
          if (p.length() < 8) {
            throw new IllegalArgumentException(
                "OBSERA_ANALYST_PASSWORD must be at least 8 characters");
          }
        });
    secretKey.ifPresent(k -> SecretBox.fromBase64(SECRET_KEY_ENV, k));
    ConfigSupport.requireRange(
        "OBSERA_CLICKHOUSE_MAX_EXECUTION_SECONDS", clickHouseMaxExecutionSeconds, 1, 86_400);
    adminEmail.ifPresent(
        e -> {
          if (!e.matches("[^@\\s]+@[^@\\s]+")) {
            throw new IllegalArgumentException(
                "OBSERA_ADMIN_EMAIL must be an email address, got " + e);
          }
        });
    kafkaOverrides = Map.copyOf(kafkaOverrides);
  }

  /** The variable holding the key that seals channel secrets (else {@link #secretKeyFile()}). */
  public static final String SECRET_KEY_ENV = "OBSERA_SECRET_KEY";

  /**
   * Where the key that seals channel secrets is kept ({@code <data>/secret-key}, mode 0600): {@code
   * OBSERA_SECRET_KEY} when set, else generated at the first start. The query service and the alert
   * worker must use the same key; read it from here (or from {@link Standalone#secretKey()}).
   */
  public Path secretKeyFile() {
    return dataDir.resolve(Secrets.SECRET_KEY_FILE);
  }

  public static StandaloneConfig fromEnv(Map<String, String> env) {
    return new StandaloneConfig(
        Path.of(env.getOrDefault("OBSERA_DATA_DIR", "./data")).toAbsolutePath().normalize(),
        cacheDir(env),
        env.getOrDefault("OBSERA_BIND", "127.0.0.1"),
        ConfigSupport.intVar(env, "OBSERA_OTLP_HTTP_PORT", 4318),
        ConfigSupport.intVar(env, "OBSERA_OTLP_GRPC_PORT", 4317),
        ConfigSupport.intVar(env, "OBSERA_API_PORT", 8080),
        ConfigSupport.intVar(env, "OBSERA_CLICKHOUSE_HTTP_PORT", 8123),
        ConfigSupport.intVar(env, "OBSERA_CLICKHOUSE_TCP_PORT", 9000),
        ConfigSupport.intVar(env, "OBSERA_KAFKA_PORT", 9092),
        opt(env, "OBSERA_CLICKHOUSE_URL"),
        opt(env, "OBSERA_CLICKHOUSE_USER"),
        opt(env, "OBSERA_CLICKHOUSE_PASSWORD"),
        opt(env, "OBSERA_KAFKA_BOOTSTRAP"),
        opt(env, "OBSERA_ADMIN_TOKEN"),
        opt(env, "OBSERA_API_KEY"),
        opt(env, "OBSERA_ANALYST_PASSWORD"),
        opt(env, SECRET_KEY_ENV),
        opt(env, ControlTrust.SIGNING_KEY_ENV),
        ConfigSupport.intVar(env, "OBSERA_KAFKA_PARTITIONS", 3),
        ingest(env),
        streams(env),
        writer(env),
        ConfigSupport.kafkaOverrides(env),
        ReaderLimits.fromEnv(env),
        StandaloneProbes.Config.fromEnv(env),
        alerts(env),
        ResultCaps.fromEnv(env),
        ConfigSupport.intVar(
            env,
            "OBSERA_CLICKHOUSE_MAX_EXECUTION_SECONDS",
            ClickHouseSettings.DEFAULT_MAX_EXECUTION_SECONDS),
        TenantQuotas.fromEnv(env),
        IdentityConfig.fromEnv(env),
        opt(env, "OBSERA_ADMIN_EMAIL"),
        SsoConfig.fromEnv(env));
  }

  /**
   * The alert worker's settings (application id: the streams one + {@code -alerts} unless {@code
   * OBSERA_ALERT_APPLICATION_ID} is set); Kafka, state dir and secret key ({@code
   * OBSERA_SECRET_KEY}, else {@code <data>/secret-key}, generated once) are filled in at start.
   */
  private static AlertWorkerConfig alerts(Map<String, String> env) {
    Map<String, String> e = new HashMap<>(env);
    e.putIfAbsent("OBSERA_KAFKA_BOOTSTRAP", "embedded:0");
    e.putIfAbsent(
        "OBSERA_ALERT_APPLICATION_ID",
        e.getOrDefault("OBSERA_STREAMS_APPLICATION_ID", "obsera-streams") + "-alerts");
    if (e.get(AlertWorkerConfig.SECRET_KEY_ENV) == null
        || e.get(AlertWorkerConfig.SECRET_KEY_ENV).isBlank()) {
      e.put(AlertWorkerConfig.SECRET_KEY_ENV, io.obsera.platform.crypto.SecretBox.newKeyBase64());
    }
    placeholderControlKey(e);
    return AlertWorkerConfig.fromEnv(e);
  }

  /** The ingest bridge's settings; its Kafka address is filled in once Kafka runs. */
  private static IngestConfig ingest(Map<String, String> env) {
    Map<String, String> e = new HashMap<>(env);
    e.putIfAbsent("OBSERA_KAFKA_BOOTSTRAP", "embedded:0");
    e.putIfAbsent("OBSERA_INGEST_INSTANCE_ID", "standalone");
    placeholderControlKey(e);
    return IngestConfig.fromEnv(e);
  }

  /** Topology settings; Kafka and state dir are filled in at start. */
  private static StreamsServiceConfig streams(Map<String, String> env) {
    Map<String, String> e = new HashMap<>(env);
    e.putIfAbsent("OBSERA_KAFKA_BOOTSTRAP", "embedded:0");
    placeholderControlKey(e);
    return StreamsServiceConfig.fromEnv(e);
  }

  /** Writer settings; Kafka and ClickHouse are filled in at start. */
  private static WriterServiceConfig writer(Map<String, String> env) {
    Map<String, String> e = new HashMap<>(env);
    e.putIfAbsent("OBSERA_KAFKA_BOOTSTRAP", "embedded:0");
    e.putIfAbsent("OBSERA_CLICKHOUSE_URL", "http://embedded:0");
    e.putIfAbsent("OBSERA_CLICKHOUSE_USER", "embedded");
    placeholderControlKey(e);
    return WriterServiceConfig.fromEnv(e);
  }

  /**
   * A throwaway public key so the services' settings parse without control-record keys in the
   * environment; standalone gives each service its own keys at start ({@code
   * OBSERA_CONTROL_SIGNING_KEY}, else {@code <data>/control-signing-key}).
   */
  private static void placeholderControlKey(Map<String, String> e) {
    if (opt(e, ControlTrust.SIGNING_KEY_ENV).isEmpty()
        && opt(e, ControlTrust.VERIFY_KEYS_ENV).isEmpty()) {
      e.put(
          ControlTrust.VERIFY_KEYS_ENV,
          ControlTrust.encodePublic(ControlSignature.generate().getPublic()));
    }
  }

  private static Path cacheDir(Map<String, String> env) {
    return io.obsera.embedded.ChdbLibrary.defaultCacheDir(env);
  }

  private static Optional<String> opt(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
  }

  @Override
  public String toString() {
    return "StandaloneConfig[dataDir=" + dataDir + ", bind=" + bindHost + "]";
  }
}
