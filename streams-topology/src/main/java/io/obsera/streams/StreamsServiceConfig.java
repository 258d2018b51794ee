package io.obsera.streams;

import io.obsera.model.ConfigSupport;
import io.obsera.platform.control.ControlTrust;
import io.obsera.streams.probe.OutageConfig;
import io.obsera.streams.slo.SloConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Configuration of the streams-topology service (the Kafka Streams topologies; the ClickHouse
 * writer is its own service).
 *
 * @param kafkaBootstrap {@code OBSERA_KAFKA_BOOTSTRAP}
 * @param applicationId Streams application id ({@code OBSERA_STREAMS_APPLICATION_ID})
 * @param stateDir local state directory ({@code OBSERA_STREAMS_STATE_DIR})
 * @param commitIntervalMillis Streams commit interval ({@code OBSERA_STREAMS_COMMIT_MS})
 * @param traceGap wall-clock time without a record of a trace that closes its session ({@code
 *     OBSERA_TRACE_SESSION_GAP_MS})
 * @param redGrace how long after a minute ends (wall-clock) its RED rollup waits for late spans
 *     before it is emitted; later spans add another row ({@code OBSERA_RED_GRACE_MS})
 * @param slo SLO flush and burn-rate intervals ({@code OBSERA_SLO_*})
 * @param outages the outage state machine's tick ({@code OBSERA_OUTAGE_TICK_MS})
 * @param kafkaOverrides {@code KAFKA_*} settings passed to every Kafka client
 */
public record StreamsServiceConfig(
    String kafkaBootstrap,
    String applicationId,
    Path stateDir,
    long commitIntervalMillis,
    Duration traceGap,
    Duration redGrace,
    SloConfig slo,
    OutageConfig outages,
    Map<String, String> kafkaOverrides,
    ControlTrust controlTrust) {

  public StreamsServiceConfig {
    ConfigSupport.requireNonBlank("OBSERA_KAFKA_BOOTSTRAP", kafkaBootstrap);
    ConfigSupport.requireNonBlank("OBSERA_STREAMS_APPLICATION_ID", applicationId);
    if (commitIntervalMillis < 10) {
      throw new IllegalArgumentException("OBSERA_STREAMS_COMMIT_MS must be >= 10");
    }
    if (traceGap.isNegative() || traceGap.isZero()) {
      throw new IllegalArgumentException("OBSERA_TRACE_SESSION_GAP_MS must be positive");
    }
    if (redGrace.isNegative()) {
      throw new IllegalArgumentException("OBSERA_RED_GRACE_MS must not be negative");
    }
    if (slo == null) {
      throw new IllegalArgumentException("SLO settings (OBSERA_SLO_*) are required");
    }
    if (outages == null) {
      throw new IllegalArgumentException("outage settings (OBSERA_OUTAGE_*) are required");
    }
    kafkaOverrides = Map.copyOf(kafkaOverrides);
    if (controlTrust == null) {
      throw new IllegalArgumentException("controlTrust is required (control-record public keys)");
    }
  }

  public static StreamsServiceConfig fromEnv(Map<String, String> env) {
    return new StreamsServiceConfig(
        ConfigSupport.required(env, "OBSERA_KAFKA_BOOTSTRAP"),
        env.getOrDefault("OBSERA_STREAMS_APPLICATION_ID", "obsera-streams"),
        Path.of(env.getOrDefault("OBSERA_STREAMS_STATE_DIR", "./data/streams")),
        ConfigSupport.intVar(env, "OBSERA_STREAMS_COMMIT_MS", 200),
        Duration.ofMillis(ConfigSupport.intVar(env, "OBSERA_TRACE_SESSION_GAP_MS", 30_000)),
        Duration.ofMillis(ConfigSupport.intVar(env, "OBSERA_RED_GRACE_MS", 15_000)),
        SloConfig.fromEnv(env),
        OutageConfig.fromEnv(env),
        ConfigSupport.kafkaOverrides(env),
        ControlTrust.fromEnv(env));
  }

  /**
   * The same settings against this broker and state directory (standalone learns them at start).
   */
  public StreamsServiceConfig with(String bootstrap, Path state) {
    return new StreamsServiceConfig(
        bootstrap,
        applicationId,
        state,
        commitIntervalMillis,
        traceGap,
        redGrace,
        slo,
        outages,
        kafkaOverrides,
        controlTrust);
  }

  /** The same settings with other Kafka client settings and control-record keys (standalone). */
  public StreamsServiceConfig with(Map<String, String> overrides, ControlTrust trust) {
    return new StreamsServiceConfig(
        kafkaBootstrap,
        applicationId,
        stateDir,
        commitIntervalMillis,
        traceGap,
        redGrace,
        slo,
        outages,
        overrides,
        trust);
  }

  /** For tests and embedders: defaults with short windows given explicitly. */
  public static StreamsServiceConfig of(
      String bootstrap,
      String applicationId,
      Path state,
      Duration traceGap,
      Duration redGrace,
      ControlTrust controlTrust) {
    return new StreamsServiceConfig(
        bootstrap,
        applicationId,
        state,
        100,
        traceGap,
        redGrace,
        SloConfig.defaults(),
        OutageConfig.defaults(),
        Map.of(),
        controlTrust);
  }
}
