package io.obsera.writer.retention;

import io.obsera.model.ConfigSupport;
import io.obsera.model.control.TenantRecord;
import java.time.Duration;
import java.util.Map;

/**
 * How long telemetry is kept and how often expired rows are deleted.
 *
 * @param defaultDays retention of tenants without their own ({@code OBSERA_RETENTION_DAYS})
 * @param sweepInterval time between two retention sweeps ({@code OBSERA_RETENTION_SWEEP_MS})
 */
public record RetentionConfig(int defaultDays, Duration sweepInterval) {
  public RetentionConfig {
    if (defaultDays < 1 || defaultDays > TenantRecord.MAX_RETENTION_DAYS) {
      throw new IllegalArgumentException(
          "OBSERA_RETENTION_DAYS must be between 1 and "
              + TenantRecord.MAX_RETENTION_DAYS
              + ", got "
              + defaultDays);
    }
    if (sweepInterval.toMillis() < 1000) {
      throw new IllegalArgumentException(
          "OBSERA_RETENTION_SWEEP_MS must be at least 1000, got " + sweepInterval.toMillis());
    }
  }

  public static RetentionConfig fromEnv(Map<String, String> env) {
    return new RetentionConfig(
        ConfigSupport.intVar(env, "OBSERA_RETENTION_DAYS", 30),
        Duration.ofMillis(ConfigSupport.intVar(env, "OBSERA_RETENTION_SWEEP_MS", 3_600_000)));
  }

  public static RetentionConfig defaults() {
    return fromEnv(Map.of());
  }
}
