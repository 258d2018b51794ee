package io.obsera.alert.evaluate;

import io.obsera.model.ConfigSupport;
import java.time.Duration;
import java.util.Map;

/**
 * Settings of rule evaluation.
 *
 * @param interval how often threshold and no-data rules are evaluated, and deleted or disabled
 *     rules' alerts resolved, in wall-clock time ({@code OBSERA_ALERT_EVAL_INTERVAL_MS}, default
 *     15000)
 * @param partitions partitions of the repartition topic that gives each rule one owning task
 *     ({@code OBSERA_ALERT_EVAL_PARTITIONS}, default {@code OBSERA_KAFKA_PARTITIONS} or 3); fixed
 *     for the life of the application id, since it decides which task owns which rule
 * @param resolvedRetention how long a resolved outage alert is remembered, so a repeated OPEN of
 *     the same outage never fires again ({@code OBSERA_ALERT_EVAL_RESOLVED_RETENTION_MS}, default 7
 *     days)
 */
public record EvaluationConfig(Duration interval, int partitions, Duration resolvedRetention) {
  public EvaluationConfig {
    if (interval == null || interval.toMillis() < 100) {
      throw new IllegalArgumentException("OBSERA_ALERT_EVAL_INTERVAL_MS must be at least 100");
    }
    if (partitions < 1 || partitions > 1024) {
      throw new IllegalArgumentException(
          "OBSERA_ALERT_EVAL_PARTITIONS must be between 1 and 1024, got " + partitions);
    }
    if (resolvedRetention == null || resolvedRetention.toMillis() < 60_000) {
      throw new IllegalArgumentException(
          "OBSERA_ALERT_EVAL_RESOLVED_RETENTION_MS must be at least 60000");
    }
  }

  public static EvaluationConfig defaults() {
    return fromEnv(Map.of());
  }

  public static EvaluationConfig fromEnv(Map<String, String> env) {
    if (!env.containsKey("OBSERA_ALERT_EVAL_PARTITIONS")) {
      int kafka = ConfigSupport.intVar(env, "OBSERA_KAFKA_PARTITIONS", 3);
      if (kafka < 1 || kafka > 1024) {
        throw new IllegalArgumentException(
            "OBSERA_KAFKA_PARTITIONS (the default of OBSERA_ALERT_EVAL_PARTITIONS) must be"
                + " between 1 and 1024, got "
                + kafka);
      }
    }
    return new EvaluationConfig(
        Duration.ofMillis(ConfigSupport.longVar(env, "OBSERA_ALERT_EVAL_INTERVAL_MS", 15_000)),
        ConfigSupport.intVar(
            env,
            "OBSERA_ALERT_EVAL_PARTITIONS",
            ConfigSupport.intVar(env, "OBSERA_KAFKA_PARTITIONS", 3)),
        Duration.ofMillis(
            ConfigSupport.longVar(
                env, "OBSERA_ALERT_EVAL_RESOLVED_RETENTION_MS", Duration.ofDays(7).toMillis())));
  }

  /** These settings evaluating every {@code newInterval} (tests use a second or less). */
  public EvaluationConfig withInterval(Duration newInterval) {
    return new EvaluationConfig(newInterval, partitions, resolvedRetention);
  }
}
