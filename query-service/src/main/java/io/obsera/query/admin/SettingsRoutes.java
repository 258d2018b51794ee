package io.obsera.query.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.obsera.model.control.TenantRecord;
import io.obsera.query.api.ApiException;
import io.obsera.query.api.Auth;
import io.obsera.query.api.JsonBodies;
import io.obsera.query.api.Principal;
import io.obsera.query.quota.Quotas;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The tenant's own settings: {@code GET /api/v1/settings} (any member) and {@code PUT
 * /api/v1/settings} (admins) with {@code timeZone} (an IANA id, null: UTC) and {@code
 * retentionDays} (null: the service default). A tenant admin cannot raise retention above the
 * operator's bound ({@code OBSERA_QUOTA_MAX_RETENTION_DAYS}); the operator's admin API can. A body
 * that leaves a field out leaves it unchanged, so a retention the operator set above the bound
 * stays while the admin changes the zone.
 */
public final class SettingsRoutes {
  private final Auth auth;
  private final TenantAdmin admin;
  private final Quotas quotas;

  public SettingsRoutes(Auth auth, TenantAdmin admin, Quotas quotas) {
    this.auth = auth;
    this.admin = admin;
    this.quotas = quotas;
  }

  public void register(JavalinConfig cfg) {
    cfg.routes.get("/api/v1/settings", this::get);
    cfg.routes.put("/api/v1/settings", this::put);
  }

  private void get(Context ctx) {
    String tenant = auth.tenant(ctx);
    ctx.json(view(admin.tenant(tenant)));
  }

  private void put(Context ctx) throws IOException {
    Principal p = auth.principal(ctx);
    String tenant = p.tenantId();
    JsonNode body = JsonBodies.object(ctx);
    JsonBodies.requireKnownFields(
        body, Set.of("timeZone", "retentionDays"), Set.of("maxRetentionDays", "tenantId"));
    TenantRecord current = admin.tenant(tenant);
    String zone = current.timeZone();
    if (body.has("timeZone")) {
      JsonNode v = body.get("timeZone");
      if (!v.isNull() && !v.isTextual()) {
        throw ApiException.badRequest(
            "field 'timeZone' must be an IANA time zone such as Europe/Berlin, or null for UTC");
      }
      zone = v.isNull() || v.asText().isBlank() ? null : v.asText().strip();
      if (zone != null) {
        try {
          TenantRecord.requireValidZone(zone);
        } catch (IllegalArgumentException e) {
          throw ApiException.badRequest(e.getMessage());
        }
      }
    }
    Integer days = current.retentionDays();
    if (body.has("retentionDays")) {
      JsonNode v = body.get("retentionDays");
      if (!v.isNull() && !(v.isIntegralNumber() && v.canConvertToInt())) {
        throw ApiException.badRequest(
            "field 'retentionDays' must be a whole number of days, or null for the default");
      }
      days = v.isNull() ? null : v.intValue();
      int max = quotas.of(tenant).maxRetentionDays();
      if (days != null && !days.equals(current.retentionDays()) && (days < 1 || days > max)) {
        throw ApiException.badRequest(
            "field 'retentionDays' must be between 1 and "
                + max
                + " (the operator's bound for this tenant), got "
                + days);
      }
    }
    TenantRecord updated = current;
    if (!Objects.equals(zone, current.timeZone())) {
      updated = admin.setTimeZone(tenant, zone, p.actor());
    }
    if (!Objects.equals(days, current.retentionDays())) {
      updated = admin.setRetention(tenant, days, p.actor());
    }
    ctx.json(view(updated));
  }

  private Map<String, Object> view(TenantRecord t) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("tenantId", t.id());
    out.put("timeZone", t.zone().getId());
    out.put("retentionDays", t.retentionDays());
    out.put("maxRetentionDays", quotas.of(t.id()).maxRetentionDays());
    return out;
  }
}
