package io.obsera.alert.worker;

import io.obsera.alert.delivery.DeliveryConfig;
import io.obsera.alert.evaluate.EvaluationConfig;
import io.obsera.alert.outbox.OutboxConfig;
import io.obsera.alert.route.RoutingConfig;
import io.obsera.alert.selfmon.SelfMonitorConfig;
import io.obsera.model.ConfigSupport;
import io.obsera.platform.control.ControlTrust;
import io.obsera.platform.crypto.SecretBox;
import java.nio.file.Path;
import java.util.Map;

/**
 * Configuration of the alert worker (Kafka Streams app + delivery loop); {@link #fromEnv} names the
 * variable in every error.
 *
 * @param kafkaBootstrap {@code OBSERA_KAFKA_BOOTSTRAP} (required)
 * @param secretKey opens the channels' sealed secrets: {@code OBSERA_SECRET_KEY}, 32 bytes base64,
 *     the same key as the query service's (required); during a rotation it also opens values sealed
 *     under the keys of {@code OBSERA_SECRET_KEY_PREVIOUS}
 * @param applicationId Kafka Streams application id; the outbox consumer group is this plus {@code
 *     -outbox} ({@code OBSERA_ALERT_APPLICATION_ID}, default {@code obsera-alert-worker})
 * @param stateDir local state of the Streams app ({@code OBSERA_ALERT_STATE_DIR}, default {@code
 *     ./data/alert-worker})
 * @param commitIntervalMillis Streams commit interval ({@code OBSERA_ALERT_COMMIT_MS}, default 200)
 * @param routing tick, public URL ({@code OBSERA_ALERT_TICK_MS}, {@code OBSERA_PUBLIC_URL})
 * @param delivery retries, breaker, timeouts, SSRF rule ({@code OBSERA_ALERT_RETRY_*}, ...)
 * @param outbox delivery threads, queues, redelivery ({@code OBSERA_ALERT_DELIVERY_THREADS}, ...)
 * @param kafkaOverrides {@code KAFKA_*} settings passed to every Kafka client
 * @param selfMonitor the operator's built-in alerts ({@code OBSERA_SELFMON_*})
 */
public record AlertWorkerConfig(
    String kafkaBootstrap,
    SecretBox secretKey,
    String applicationId,
    Path stateDir,
    long commitIntervalMillis,
    EvaluationConfig evaluation,
    RoutingConfig routing,
    DeliveryConfig delivery,
    OutboxConfig outbox,
    Map<String, String> kafkaOverrides,
    ControlTrust controlTrust,
    SelfMonitorConfig selfMonitor) {

  public static final String SECRET_KEY_ENV = "OBSERA_SECRET_KEY";

  /** Keys the secrets may still be sealed under during a rotation (comma-separated, open only). */
  public static final String SECRET_KEY_PREVIOUS_ENV = "OBSERA_SECRET_KEY_PREVIOUS";

  public AlertWorkerConfig {
    ConfigSupport.requireNonBlank("OBSERA_KAFKA_BOOTSTRAP", kafkaBootstrap);
    if (secretKey == null) {
      throw new IllegalArgumentException(SECRET_KEY_ENV + " is required");
    }
    ConfigSupport.requireNonBlank("OBSERA_ALERT_APPLICATION_ID", applicationId);
    if (stateDir == null) {
      throw new IllegalArgumentException("OBSERA_ALERT_STATE_DIR is required");
    }
    if (commitIntervalMillis < 10 || commitIntervalMillis > 60_000) {
      throw new IllegalArgumentException(
          "OBSERA_ALERT_COMMIT_MS must be between 10 and 60000, got " + commitIntervalMillis);
    }
    if (evaluation == null || routing == null || delivery == null || outbox == null) {
      throw new IllegalArgumentException(
          "evaluation, routing, delivery and outbox settings are required");
    }
    kafkaOverrides = Map.copyOf(kafkaOverrides);
    if (controlTrust == null) {
      throw new IllegalArgumentException("controlTrust is required (control-record public keys)");
    }
    if (selfMonitor == null) {
      throw new IllegalArgumentException("selfMonitor settings (OBSERA_SELFMON_*) are required");
    }
  }

  public static AlertWorkerConfig fromEnv(Map<String, String> env) {
    String applicationId = env.getOrDefault("OBSERA_ALERT_APPLICATION_ID", "obsera-alert-worker");
    return new AlertWorkerConfig(
        ConfigSupport.required(env, "OBSERA_KAFKA_BOOTSTRAP"),
        SecretBox.fromBase64(SECRET_KEY_ENV, env.get(SECRET_KEY_ENV))
            .withPrevious(SECRET_KEY_PREVIOUS_ENV, env.get(SECRET_KEY_PREVIOUS_ENV)),
        applicationId,
        Path.of(env.getOrDefault("OBSERA_ALERT_STATE_DIR", "./data/alert-worker")),
        ConfigSupport.longVar(env, "OBSERA_ALERT_COMMIT_MS", 200),
        EvaluationConfig.fromEnv(env),
        RoutingConfig.fromEnv(env),
        DeliveryConfig.fromEnv(env),
        OutboxConfig.fromEnv(env, applicationId),
        ConfigSupport.kafkaOverrides(env),
        ControlTrust.fromEnv(env),
        SelfMonitorConfig.fromEnv(env));
  }

  /** The same settings against these servers, state and key (standalone learns them at start). */
  public AlertWorkerConfig with(String bootstrap, Path state, SecretBox key) {
    return new AlertWorkerConfig(
        bootstrap,
        key,
        applicationId,
        state,
        commitIntervalMillis,
        evaluation,
        routing,
        delivery,
        outbox,
        kafkaOverrides,
        controlTrust,
        selfMonitor);
  }

  /** The same settings with other Kafka client settings and control-record keys (standalone). */
  public AlertWorkerConfig with(Map<String, String> overrides, ControlTrust trust) {
    return new AlertWorkerConfig(
        kafkaBootstrap,
        secretKey,
        applicationId,
        stateDir,
        commitIntervalMillis,
        evaluation,
        routing,
        delivery,
        outbox,
        overrides,
        trust,
        selfMonitor);
  }

  /** The same settings with other self-monitoring settings (standalone: its ClickHouse URL). */
  public AlertWorkerConfig withSelfMonitor(SelfMonitorConfig newSelfMonitor) {
    return new AlertWorkerConfig(
        kafkaBootstrap,
        secretKey,
        applicationId,
        stateDir,
        commitIntervalMillis,
        evaluation,
        routing,
        delivery,
        outbox,
        kafkaOverrides,
        controlTrust,
        newSelfMonitor);
  }
}
