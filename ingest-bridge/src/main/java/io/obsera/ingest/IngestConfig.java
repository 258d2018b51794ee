package io.obsera.ingest;

import io.obsera.ingest.tls.PemKeyStore;
import io.obsera.model.ConfigSupport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;

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
 * @param kafkaOverrides {@code KAFKA_*} variables passed to the Kafka clients
 */
public record IngestConfig(
    String bindHost,
    int otlpHttpPort,
    int otlpGrpcPort,
    String kafkaBootstrap,
    int maxRequestBytes,
    Optional<Tls> tls,
    Map<String, String> kafkaOverrides) {

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
    kafkaOverrides = Map.copyOf(kafkaOverrides);
  }

  /**
   * Plaintext, with OTLP/gRPC on any free port: for embedders that have not configured gRPC yet
   * (the standalone runtime until it passes {@code OBSERA_OTLP_GRPC_PORT}).
   */
  public IngestConfig(
      String bindHost,
      int otlpHttpPort,
      String kafkaBootstrap,
      int maxRequestBytes,
      Map<String, String> kafkaOverrides) {
    this(
        bindHost,
        otlpHttpPort,
        0,
        kafkaBootstrap,
        maxRequestBytes,
        Optional.empty(),
        kafkaOverrides);
  }

  public static IngestConfig fromEnv(Map<String, String> env) {
    return new IngestConfig(
        env.getOrDefault("OBSERA_BIND", "127.0.0.1"),
        ConfigSupport.intVar(env, "OBSERA_OTLP_HTTP_PORT", 4318),
        ConfigSupport.intVar(env, "OBSERA_OTLP_GRPC_PORT", 4317),
        ConfigSupport.required(env, "OBSERA_KAFKA_BOOTSTRAP"),
        ConfigSupport.intVar(env, "OBSERA_INGEST_MAX_REQUEST_BYTES", 16 * 1024 * 1024),
        Tls.fromEnv(env),
        ConfigSupport.kafkaOverrides(env));
  }

  /**
   * TLS material of the OTLP listeners, read and checked at construction.
   *
   * @param certificateChain PEM certificate chain, leaf first ({@code OBSERA_TLS_CERT})
   * @param privateKey PEM PKCS#8 private key of the leaf certificate ({@code OBSERA_TLS_KEY})
   */
  public record Tls(Path certificateChain, Path privateKey) {
    public Tls {
      requireReadable("OBSERA_TLS_CERT", certificateChain);
      requireReadable("OBSERA_TLS_KEY", privateKey);
      X509Certificate leaf;
      try {
        leaf = PemKeyStore.readCertificates(certificateChain).get(0);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("OBSERA_TLS_CERT: " + e.getMessage(), e);
      }
      try {
        PemKeyStore.readPrivateKey(privateKey, leaf.getPublicKey().getAlgorithm());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("OBSERA_TLS_KEY: " + e.getMessage(), e);
      }
    }

    /** Both {@code OBSERA_TLS_CERT} and {@code OBSERA_TLS_KEY}, or neither. */
    static Optional<Tls> fromEnv(Map<String, String> env) {
      String cert = env.get("OBSERA_TLS_CERT");
      String key = env.get("OBSERA_TLS_KEY");
      boolean hasCert = cert != null && !cert.isBlank();
      boolean hasKey = key != null && !key.isBlank();
      if (hasCert != hasKey) {
        throw new IllegalArgumentException(
            "OBSERA_TLS_CERT and OBSERA_TLS_KEY must be set together (only "
                + (hasCert ? "OBSERA_TLS_CERT" : "OBSERA_TLS_KEY")
                + " is set)");
      }
      return hasCert
          ? Optional.of(new Tls(Path.of(cert.strip()), Path.of(key.strip())))
          : Optional.empty();
    }

    private static void requireReadable(String variable, Path file) {
      if (file == null) {
        throw new IllegalArgumentException(variable + " must not be empty");
      }
      if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
        throw new IllegalArgumentException(
            variable + " names " + file.toAbsolutePath() + ", which is not a readable file");
      }
    }
  }
}
