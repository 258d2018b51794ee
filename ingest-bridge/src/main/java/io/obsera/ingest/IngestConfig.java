package io.obsera.ingest;

import io.obsera.ingest.limits.BrowserLimits;
import io.obsera.ingest.limits.InFlightLimits;
import io.obsera.ingest.limits.IngestLimits;
import io.obsera.model.ConfigSupport;
import io.obsera.platform.control.ControlTrust;
import io.obsera.platform.tls.TlsFiles;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Configuration of the ingest bridge, validated at construction.
 *
 * @param bindHost address the OTLP listeners bind to ({@code OBSERA_BIND})
 * @param otlpHttpPort OTLP/HTTP port ({@code OBSERA_OTLP_HTTP_PORT}, 0 = any free port)
 * @param otlpGrpcPort OTLP/gRPC port ({@code OBSERA_OTLP_GRPC_PORT}, 0 = any free port)
 * @param kafkaBootstrap Kafka bootstrap servers ({@code OBSERA_KAFKA_BOOTSTRAP})
 * @param maxRequestBytes largest accepted request body or gRPC message, compressed or not ({@code
 *     OBSERA_INGEST_MAX_REQUEST_BYTES})
 * @param tls certificate and key both OTLP listeners serve TLS with ({@code OBSERA_TLS_CERT},
 *     {@code OBSERA_TLS_KEY}); empty = plaintext
 * @param instanceId stable name of this ingest instance, unique per instance; it names the Kafka
 *     transactional id ({@code OBSERA_INGEST_INSTANCE_ID}, default the host name)
 * @param groupCommitMillis how long a Kafka transaction waits for more requests ({@code
 *     OBSERA_INGEST_GROUP_COMMIT_MS})
 * @param maxQueuedRecords records waiting for Kafka before new requests get 503 ({@code
 *     OBSERA_INGEST_MAX_QUEUED_RECORDS})
 * @param minFreeDiskRatio free share of a broker log dir below which new requests get 503 ({@code
 *     OBSERA_INGEST_MIN_FREE_DISK}, 0 disables)
 * @param corsOrigins browser origins allowed to send (CORS), besides those of browser keys ({@code
 *     OBSERA_INGEST_CORS_ORIGINS}, comma-separated, e.g. {@code https://app.example.com})
 * @param headerTimeoutMillis longest an OTLP/HTTP client may take to send a request's headers
 *     before the connection is closed (slowloris; {@code OBSERA_INGEST_HEADER_TIMEOUT_MS})
 * @param adminToken the operator's token ({@code OBSERA_ADMIN_TOKEN}, 24+ characters, the query
 *     service's): {@code /metrics} serves the tenant-labelled metrics only with it; empty = never
 * @param limits per-tenant limits ({@code OBSERA_INGEST_*}, see {@link IngestLimits})
 * @param kafkaOverrides {@code KAFKA_*} variables passed to the Kafka clients
 * @param previousAdminTokens also accepted as {@code adminToken} during a rotation ({@code
 *     OBSERA_ADMIN_TOKEN_PREVIOUS}, comma-separated)
 */
public record IngestConfig(
    String bindHost,
    int otlpHttpPort,
    int otlpGrpcPort,
    String kafkaBootstrap,
    int maxRequestBytes,
    Optional<TlsFiles> tls,
    String instanceId,
    int groupCommitMillis,
    int maxQueuedRecords,
    double minFreeDiskRatio,
    Set<String> corsOrigins,
    long headerTimeoutMillis,
    Optional<String> adminToken,
    IngestLimits limits,
    BrowserLimits browser,
    InFlightLimits inFlight,
    Map<String, String> kafkaOverrides,
    ControlTrust controlTrust,
    List<String> previousAdminTokens) {

  public IngestConfig {
    ConfigSupport.requireNonBlank("OBSERA_BIND", bindHost);
    ConfigSupport.requirePort("OBSERA_OTLP_HTTP_PORT", otlpHttpPort);
    ConfigSupport.requirePort("OBSERA_OTLP_GRPC_PORT", otlpGrpcPort);
    ConfigSupport.requireNonBlank("OBSERA_KAFKA_BOOTSTRAP", kafkaBootstrap);
    if (maxRequestBytes < 1024) {
      throw new IllegalArgumentException(
          "OBSERA_INGEST_MAX_REQUEST_BYTES must be at least 1024, got " + maxRequestBytes);
    }
    if (otlpHttpPort != 0 && otlpHttpPort == otlpGrpcPort) {
      throw new IllegalArgumentException(
          "OBSERA_OTLP_HTTP_PORT and OBSERA_OTLP_GRPC_PORT must differ, both are " + otlpHttpPort);
    }
    tls = tls == null ? Optional.empty() : tls;
    if (instanceId == null || !instanceId.matches("[A-Za-z0-9._-]{1,100}")) {
      throw new IllegalArgumentException(
          "OBSERA_INGEST_INSTANCE_ID must be 1-100 characters of A-Z, a-z, 0-9, '.', '_', '-',"
              + " got "
              + instanceId);
    }
    if (groupCommitMillis < 0 || groupCommitMillis > 1000) {
      throw new IllegalArgumentException(
          "OBSERA_INGEST_GROUP_COMMIT_MS must be between 0 and 1000, got " + groupCommitMillis);
    }
    if (maxQueuedRecords < 1000) {
      throw new IllegalArgumentException(
          "OBSERA_INGEST_MAX_QUEUED_RECORDS must be at least 1000, got " + maxQueuedRecords);
    }
    if (minFreeDiskRatio < 0 || minFreeDiskRatio >= 1) {
      throw new IllegalArgumentException(
          "OBSERA_INGEST_MIN_FREE_DISK must be a fraction in [0, 1), got " + minFreeDiskRatio);
    }
    for (String origin : corsOrigins) {
      if (!origin.equals("*") && !ORIGIN.matcher(origin).matches()) {
        throw new IllegalArgumentException(
            "OBSERA_INGEST_CORS_ORIGINS entries must look like https://host[:port] or *, got "
                + origin);
      }
    }
    corsOrigins = Set.copyOf(corsOrigins);
    if (headerTimeoutMillis < 100 || headerTimeoutMillis > 600_000) {
      throw new IllegalArgumentException(
          "OBSERA_INGEST_HEADER_TIMEOUT_MS must be between 100 and 600000, got "
              + headerTimeoutMillis);
    }
    if (inFlight.maxBytesPerKey() < maxRequestBytes) {
      throw new IllegalArgumentException(
          "OBSERA_INGEST_MAX_INFLIGHT_BYTES_PER_KEY ("
              + inFlight.maxBytesPerKey()
              + ") must be at least OBSERA_INGEST_MAX_REQUEST_BYTES ("
              + maxRequestBytes
              + "), or a largest request could never be accepted");
    }
    adminToken = adminToken == null ? Optional.empty() : adminToken;
    if (adminToken.isPresent() && adminToken.get().length() < 24) {
      throw new IllegalArgumentException("OBSERA_ADMIN_TOKEN must be at least 24 characters");
    }
    kafkaOverrides = Map.copyOf(kafkaOverrides);
    if (controlTrust == null) {
      throw new IllegalArgumentException("controlTrust is required (control-record public keys)");
    }
    previousAdminTokens =
        previousAdminTokens == null ? List.of() : List.copyOf(previousAdminTokens);
  }

  /** Default of {@code OBSERA_INGEST_HEADER_TIMEOUT_MS}: ten seconds for a request's headers. */
  public static final int DEFAULT_HEADER_TIMEOUT_MILLIS = 10_000;

  /** An origin as browsers send it: scheme, host and optional port, nothing else. */
  public static final Pattern ORIGIN = Pattern.compile("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?");

  /** Defaults for everything but the listener, Kafka and the instance id. */
  public static IngestConfig of(
      String bindHost,
      int otlpHttpPort,
      String kafkaBootstrap,
      String instanceId,
      ControlTrust controlTrust) {
    return new IngestConfig(
        bindHost,
        otlpHttpPort,
        0,
        kafkaBootstrap,
        16 * 1024 * 1024,
        Optional.empty(),
        instanceId,
        2,
        200_000,
        0.05,
        Set.of(),
        DEFAULT_HEADER_TIMEOUT_MILLIS,
        Optional.empty(),
        IngestLimits.defaults(),
        BrowserLimits.defaults(),
        InFlightLimits.defaults(),
        Map.of(),
        controlTrust,
        List.of());
  }

  public static IngestConfig fromEnv(Map<String, String> env) {
    return new IngestConfig(
        env.getOrDefault("OBSERA_BIND", "127.0.0.1"),
        ConfigSupport.intVar(env, "OBSERA_OTLP_HTTP_PORT", 4318),
        ConfigSupport.intVar(env, "OBSERA_OTLP_GRPC_PORT", 4317),
        ConfigSupport.required(env, "OBSERA_KAFKA_BOOTSTRAP"),
        ConfigSupport.intVar(env, "OBSERA_INGEST_MAX_REQUEST_BYTES", 16 * 1024 * 1024),
        TlsFiles.fromEnv(env),
        env.getOrDefault("OBSERA_INGEST_INSTANCE_ID", env.getOrDefault("HOSTNAME", "ingest-1")),
        ConfigSupport.intVar(env, "OBSERA_INGEST_GROUP_COMMIT_MS", 2),
        ConfigSupport.intVar(env, "OBSERA_INGEST_MAX_QUEUED_RECORDS", 200_000),
        ConfigSupport.doubleVar(env, "OBSERA_INGEST_MIN_FREE_DISK", 0.05),
        ConfigSupport.listVar(env, "OBSERA_INGEST_CORS_ORIGINS"),
        ConfigSupport.intVar(env, "OBSERA_INGEST_HEADER_TIMEOUT_MS", DEFAULT_HEADER_TIMEOUT_MILLIS),
        Optional.ofNullable(env.get("OBSERA_ADMIN_TOKEN"))
            .map(String::strip)
            .filter(t -> !t.isEmpty()),
        IngestLimits.fromEnv(env),
        BrowserLimits.fromEnv(env),
        InFlightLimits.fromEnv(env),
        ConfigSupport.kafkaOverrides(env),
        ControlTrust.fromEnv(env),
        List.copyOf(ConfigSupport.listVar(env, "OBSERA_ADMIN_TOKEN_PREVIOUS")));
  }

  /**
   * Every token {@code /metrics} and {@code /series} accept: the current one, then the previous.
   */
  public List<String> adminTokens() {
    List<String> all = new java.util.ArrayList<>();
    adminToken.ifPresent(all::add);
    all.addAll(previousAdminTokens);
    return all;
  }

  /** The same configuration, also accepting {@code tokens} as the admin token (a rotation). */
  public IngestConfig withPreviousAdminTokens(List<String> tokens) {
    return new IngestConfig(
        bindHost,
        otlpHttpPort,
        otlpGrpcPort,
        kafkaBootstrap,
        maxRequestBytes,
        tls,
        instanceId,
        groupCommitMillis,
        maxQueuedRecords,
        minFreeDiskRatio,
        corsOrigins,
        headerTimeoutMillis,
        adminToken,
        limits,
        browser,
        inFlight,
        kafkaOverrides,
        controlTrust,
        tokens);
  }

  /** The same configuration with other limits. */
  public IngestConfig withLimits(IngestLimits newLimits) {
    return copy(
        kafkaBootstrap, maxRequestBytes, minFreeDiskRatio, corsOrigins, newLimits, kafkaOverrides);
  }

  /** The same configuration against another Kafka cluster (standalone learns it at start). */
  public IngestConfig withKafka(String bootstrap) {
    return copy(bootstrap, maxRequestBytes, minFreeDiskRatio, corsOrigins, limits, kafkaOverrides);
  }

  /** The same configuration with other Kafka client settings. */
  public IngestConfig withKafkaOverrides(Map<String, String> overrides) {
    return copy(kafkaBootstrap, maxRequestBytes, minFreeDiskRatio, corsOrigins, limits, overrides);
  }

  /** The same configuration with another request size limit. */
  public IngestConfig withMaxRequestBytes(int bytes) {
    return copy(kafkaBootstrap, bytes, minFreeDiskRatio, corsOrigins, limits, kafkaOverrides);
  }

  /** The same configuration with another broker disk watermark. */
  public IngestConfig withMinFreeDiskRatio(double ratio) {
    return copy(kafkaBootstrap, maxRequestBytes, ratio, corsOrigins, limits, kafkaOverrides);
  }

  /** The same configuration with other CORS origins. */
  public IngestConfig withCorsOrigins(Set<String> origins) {
    return copy(kafkaBootstrap, maxRequestBytes, minFreeDiskRatio, origins, limits, kafkaOverrides);
  }

  /** The same configuration serving TLS with this certificate and key. */
  public IngestConfig withTls(TlsFiles newTls) {
    return new IngestConfig(
        bindHost,
        otlpHttpPort,
        otlpGrpcPort,
        kafkaBootstrap,
        maxRequestBytes,
        Optional.ofNullable(newTls),
        instanceId,
        groupCommitMillis,
        maxQueuedRecords,
        minFreeDiskRatio,
        corsOrigins,
        headerTimeoutMillis,
        adminToken,
        limits,
        browser,
        inFlight,
        kafkaOverrides,
        controlTrust,
        previousAdminTokens);
  }

  /** The same configuration trusting these control-record keys. */
  public IngestConfig withControlTrust(ControlTrust trust) {
    return new IngestConfig(
        bindHost,
        otlpHttpPort,
        otlpGrpcPort,
        kafkaBootstrap,
        maxRequestBytes,
        tls,
        instanceId,
        groupCommitMillis,
        maxQueuedRecords,
        minFreeDiskRatio,
        corsOrigins,
        headerTimeoutMillis,
        adminToken,
        limits,
        browser,
        inFlight,
        kafkaOverrides,
        trust,
        previousAdminTokens);
  }

  /** The same configuration with the operator's token (standalone passes its own). */
  public IngestConfig withAdminToken(String token) {
    return new IngestConfig(
        bindHost,
        otlpHttpPort,
        otlpGrpcPort,
        kafkaBootstrap,
        maxRequestBytes,
        tls,
        instanceId,
        groupCommitMillis,
        maxQueuedRecords,
        minFreeDiskRatio,
        corsOrigins,
        headerTimeoutMillis,
        Optional.ofNullable(token),
        limits,
        browser,
        inFlight,
        kafkaOverrides,
        controlTrust,
        previousAdminTokens);
  }

  /** The same configuration with other browser key limits and in-flight budget. */
  public IngestConfig withEdgeLimits(BrowserLimits newBrowser, InFlightLimits newInFlight) {
    return new IngestConfig(
        bindHost,
        otlpHttpPort,
        otlpGrpcPort,
        kafkaBootstrap,
        maxRequestBytes,
        tls,
        instanceId,
        groupCommitMillis,
        maxQueuedRecords,
        minFreeDiskRatio,
        corsOrigins,
        headerTimeoutMillis,
        adminToken,
        limits,
        newBrowser,
        newInFlight,
        kafkaOverrides,
        controlTrust,
        previousAdminTokens);
  }

  /** The same configuration with another header timeout. */
  public IngestConfig withHeaderTimeoutMillis(long millis) {
    return new IngestConfig(
        bindHost,
        otlpHttpPort,
        otlpGrpcPort,
        kafkaBootstrap,
        maxRequestBytes,
        tls,
        instanceId,
        groupCommitMillis,
        maxQueuedRecords,
        minFreeDiskRatio,
        corsOrigins,
        millis,
        adminToken,
        limits,
        browser,
        inFlight,
        kafkaOverrides,
        controlTrust,
        previousAdminTokens);
  }

  private IngestConfig copy(
      String bootstrap,
      int requestBytes,
      double freeDisk,
      Set<String> origins,
      IngestLimits newLimits,
      Map<String, String> overrides) {
    return new IngestConfig(
        bindHost,
        otlpHttpPort,
        otlpGrpcPort,
        bootstrap,
        requestBytes,
        tls,
        instanceId,
        groupCommitMillis,
        maxQueuedRecords,
        freeDisk,
        origins,
        headerTimeoutMillis,
        adminToken,
        newLimits,
        browser,
        inFlight,
        overrides,
        controlTrust,
        previousAdminTokens);
  }

  @Override
  public String toString() {
    return "IngestConfig[bind="
        + bindHost
        + ", otlpHttpPort="
        + otlpHttpPort
        + ", otlpGrpcPort="
        + otlpGrpcPort
        + ", kafka="
        + kafkaBootstrap
        + ", instanceId="
        + instanceId
        + ", adminToken="
        + (adminToken.isPresent() ? "***" : "none")
        + "]";
  }
}
