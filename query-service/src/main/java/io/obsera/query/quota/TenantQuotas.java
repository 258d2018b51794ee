package io.obsera.query.quota;

import io.obsera.model.ConfigSupport;
import io.obsera.model.control.EndpointDefinition;
import io.obsera.query.dashboards.Dashboard;
import java.util.Map;

/**
 * What one tenant may create and run through the API: how many objects of each kind, the shortest
 * probe interval, how many SQL queries and panel runs at once, and the longest log and trace search
 * range. One value per tenant, resolved by {@link QuotaPlans}; today every tenant gets the defaults
 * configured here.
 *
 * @param endpoints monitored endpoints ({@code OBSERA_QUOTA_ENDPOINTS})
 * @param minProbeIntervalMs shortest {@code intervalMs} of an endpoint; probe assignments of older,
 *     faster endpoints are slowed down to it ({@code OBSERA_QUOTA_MIN_PROBE_INTERVAL_MS})
 * @param slos SLOs ({@code OBSERA_QUOTA_SLOS})
 * @param alertRules alert rules ({@code OBSERA_QUOTA_ALERT_RULES})
 * @param channels notification channels ({@code OBSERA_QUOTA_CHANNELS})
 * @param silences silences that are active or pending (expired ones do not count; {@code
 *     OBSERA_QUOTA_SILENCES})
 * @param dashboards dashboards ({@code OBSERA_QUOTA_DASHBOARDS})
 * @param panelsPerDashboard panels in one dashboard, at most {@link Dashboard#MAX_PANELS} ({@code
 *     OBSERA_QUOTA_PANELS_PER_DASHBOARD})
 * @param concurrentQueries {@code /api/v1/sql} calls and panel runs running at once, per query
 *     service instance ({@code OBSERA_QUOTA_CONCURRENT_QUERIES})
 * @param maxSearchDays longest {@code from}/{@code to} range of log and trace search ({@code
 *     OBSERA_QUOTA_MAX_SEARCH_DAYS})
 * @param maxRetentionDays longest retention a tenant admin can set for the tenant ({@code PUT
 *     /api/v1/settings}; the operator's admin API is not bound by it; {@code
 *     OBSERA_QUOTA_MAX_RETENTION_DAYS})
 */
public record TenantQuotas(
    int endpoints,
    long minProbeIntervalMs,
    int slos,
    int alertRules,
    int channels,
    int silences,
    int dashboards,
    int panelsPerDashboard,
    int concurrentQueries,
    int maxSearchDays,
    int maxRetentionDays) {

  public TenantQuotas {
    atLeastOne("OBSERA_QUOTA_ENDPOINTS", endpoints);
    if (minProbeIntervalMs < EndpointDefinition.MIN_INTERVAL_MS
        || minProbeIntervalMs > EndpointDefinition.MAX_INTERVAL_MS) {
      throw new IllegalArgumentException(
          "OBSERA_QUOTA_MIN_PROBE_INTERVAL_MS must be between "
              + EndpointDefinition.MIN_INTERVAL_MS
              + " and "
              + EndpointDefinition.MAX_INTERVAL_MS
              + ", got "
              + minProbeIntervalMs);
    }
    atLeastOne("OBSERA_QUOTA_SLOS", slos);
    atLeastOne("OBSERA_QUOTA_ALERT_RULES", alertRules);
    atLeastOne("OBSERA_QUOTA_CHANNELS", channels);
    atLeastOne("OBSERA_QUOTA_SILENCES", silences);
    atLeastOne("OBSERA_QUOTA_DASHBOARDS", dashboards);
    ConfigSupport.requireRange(
        "OBSERA_QUOTA_PANELS_PER_DASHBOARD", panelsPerDashboard, 1, Dashboard.MAX_PANELS);
    atLeastOne("OBSERA_QUOTA_CONCURRENT_QUERIES", concurrentQueries);
    ConfigSupport.requireRange("OBSERA_QUOTA_MAX_SEARCH_DAYS", maxSearchDays, 1, 3650);
    ConfigSupport.requireRange(
        "OBSERA_QUOTA_MAX_RETENTION_DAYS",
        maxRetentionDays,
        1,
        io.obsera.model.control.TenantRecord.MAX_RETENTION_DAYS);
  }

  /** The defaults of every variable. */
  public static TenantQuotas defaults() {
    return fromEnv(Map.of());
  }

  public static TenantQuotas fromEnv(Map<String, String> env) {
    return new TenantQuotas(
        ConfigSupport.intVar(env, "OBSERA_QUOTA_ENDPOINTS", 100),
        ConfigSupport.longVar(env, "OBSERA_QUOTA_MIN_PROBE_INTERVAL_MS", 10_000),
        ConfigSupport.intVar(env, "OBSERA_QUOTA_SLOS", 100),
        ConfigSupport.intVar(env, "OBSERA_QUOTA_ALERT_RULES", 200),
        ConfigSupport.intVar(env, "OBSERA_QUOTA_CHANNELS", 50),
        ConfigSupport.intVar(env, "OBSERA_QUOTA_SILENCES", 500),
        ConfigSupport.intVar(env, "OBSERA_QUOTA_DASHBOARDS", 100),
        ConfigSupport.intVar(env, "OBSERA_QUOTA_PANELS_PER_DASHBOARD", 50),
        ConfigSupport.intVar(env, "OBSERA_QUOTA_CONCURRENT_QUERIES", 4),
        ConfigSupport.intVar(env, "OBSERA_QUOTA_MAX_SEARCH_DAYS", 31),
        ConfigSupport.intVar(env, "OBSERA_QUOTA_MAX_RETENTION_DAYS", 90));
  }

  private static void atLeastOne(String variable, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(variable + " must be at least 1, got " + value);
    }
  }
}
