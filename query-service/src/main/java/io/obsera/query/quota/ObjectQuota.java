package io.obsera.query.quota;

import java.util.function.ToIntFunction;

/** The kinds of control-plane objects a tenant creates through the API, each with its quota. */
public enum ObjectQuota {
  ENDPOINTS("endpoints", "endpoints", "OBSERA_QUOTA_ENDPOINTS", TenantQuotas::endpoints),
  SLOS("slos", "SLOs", "OBSERA_QUOTA_SLOS", TenantQuotas::slos),
  ALERT_RULES("alertRules", "alert rules", "OBSERA_QUOTA_ALERT_RULES", TenantQuotas::alertRules),
  CHANNELS("channels", "notification channels", "OBSERA_QUOTA_CHANNELS", TenantQuotas::channels),
  SILENCES(
      "silences", "active or pending silences", "OBSERA_QUOTA_SILENCES", TenantQuotas::silences),
  DASHBOARDS("dashboards", "dashboards", "OBSERA_QUOTA_DASHBOARDS", TenantQuotas::dashboards),
  /** One page per tenant by design (its key is the tenant id): not configurable. */
  STATUS_PAGES("statusPages", "status pages", null, q -> 1);

  private final String field;
  private final String noun;
  private final String variable;
  private final ToIntFunction<TenantQuotas> limit;

  ObjectQuota(String field, String noun, String variable, ToIntFunction<TenantQuotas> limit) {
    this.field = field;
    this.noun = noun;
    this.variable = variable;
    this.limit = limit;
  }

  /** Its name in {@code GET /api/v1/quotas} and in error messages. */
  public String field() {
    return field;
  }

  String noun() {
    return noun;
  }

  /** The variable of its default; null when it is fixed. */
  String variable() {
    return variable;
  }

  int limit(TenantQuotas quotas) {
    return limit.applyAsInt(quotas);
  }
}
