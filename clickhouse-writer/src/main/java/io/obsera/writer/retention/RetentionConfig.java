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
 * @param auditDays how long audit log rows are kept, whatever the tenants' retention ({@code
 *     OBSERA_AUDIT_RETENTION_DAYS}, default 365): the TTL of table {@code audit_log}
 */
public record RetentionConfig(int defaultDays, Duration sweepInterval, int auditDays) {
  /** Maximum audit retention: 100 years. */
  public static final int MAX_AUDIT_DAYS = 36_500;

  public RetentionConfig {
    if (auditDays < 1 || auditDays > MAX_AUDIT_DAYS) {
      throw new IllegalArgumentException(
          "OBSERA_AUDIT_RETENTION_DAYS must be between 1 and "
              + MAX_AUDIT_DAYS
              + ", got "
              + auditDays);
    }
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

  /** Audit rows kept 365 days. */
  public RetentionConfig(int defaultDays, Duration sweepInterval) {
    this(defaultDays, sweepInterval, 365);
  }

  public static RetentionConfig fromEnv(Map<String, String> env) {
    return new RetentionConfig(
        ConfigSupport.intVar(env, "OBSERA_RETENTION_DAYS", 30),
        Duration.ofMillis(ConfigSupport.intVar(env, "OBSERA_RETENTION_SWEEP_MS", 3_600_000)),
        ConfigSupport.intVar(env, "OBSERA_AUDIT_RETENTION_DAYS", 365));
  }

  public static RetentionConfig defaults() {
    return fromEnv(Map.of());
  }
}
