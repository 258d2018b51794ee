package io.obsera.ingest;

import io.obsera.model.ConfigSupport;
import java.util.Map;

/**
 * Configuration of the ingest bridge, validated at construction.
 *
 * @param bindHost address the OTLP listeners bind to ({@code OBSERA_BIND})
 * @param otlpHttpPort OTLP/HTTP port ({@code OBSERA_OTLP_HTTP_PORT}, 0 = any free port)
 * @param kafkaBootstrap Kafka bootstrap servers ({@code OBSERA_KAFKA_BOOTSTRAP})
 * @param maxRequestBytes largest accepted request body, compressed or not ({@code
 *     OBSERA_INGEST_MAX_REQUEST_BYTES})
 * @param kafkaOverrides {@code KAFKA_*} variables passed to the Kafka clients
 */
public record IngestConfig(
    String bindHost,
    int otlpHttpPort,
    String kafkaBootstrap,
    int maxRequestBytes,
    Map<String, String> kafkaOverrides) {

  public IngestConfig {
    ConfigSupport.requireNonBlank("OBSERA_BIND", bindHost);
    ConfigSupport.requirePort("OBSERA_OTLP_HTTP_PORT", otlpHttpPort);
    ConfigSupport.requireNonBlank("OBSERA_KAFKA_BOOTSTRAP", kafkaBootstrap);
    if (maxRequestBytes < 1024) {
      throw new IllegalArgumentException(
          "OBSERA_INGEST_MAX_REQUEST_BYTES must be at least 1024, got " + maxRequestBytes);
    }
    kafkaOverrides = Map.copyOf(kafkaOverrides);
  }

  public static IngestConfig fromEnv(Map<String, String> env) {
    return new IngestConfig(
        env.getOrDefault("OBSERA_BIND", "127.0.0.1"),
        ConfigSupport.intVar(env, "OBSERA_OTLP_HTTP_PORT", 4318),
        ConfigSupport.required(env, "OBSERA_KAFKA_BOOTSTRAP"),
        ConfigSupport.intVar(env, "OBSERA_INGEST_MAX_REQUEST_BYTES", 16 * 1024 * 1024),
        ConfigSupport.kafkaOverrides(env));
  }
}
