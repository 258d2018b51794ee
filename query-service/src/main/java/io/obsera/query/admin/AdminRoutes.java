package io.obsera.query.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.obsera.model.Json;
import io.obsera.model.control.ApiKeyRecord;
import io.obsera.model.control.Role;
import io.obsera.model.control.Scope;
import io.obsera.model.control.TenantLimits;
import io.obsera.model.control.TenantRecord;
import io.obsera.query.api.ApiException;
import io.obsera.query.api.Auth;
import io.obsera.query.api.JsonBodies;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The admin API: create tenants, issue and revoke API keys. Guarded by the admin token. */
public final class AdminRoutes {
  private final Auth auth;
  private final TenantAdmin admin;

  public AdminRoutes(Auth auth, TenantAdmin admin) {
    this.auth = auth;
    this.admin = admin;
  }

  public void register(JavalinConfig cfg) {
    cfg.routes.before("/api/v1/admin/*", auth::requireAdmin);
    cfg.routes.post("/api/v1/admin/tenants", this::createTenant);
    cfg.routes.get("/api/v1/admin/tenants/{tenant}", this::getTenant);
    cfg.routes.put("/api/v1/admin/tenants/{tenant}/limits", this::putLimits);
    cfg.routes.put("/api/v1/admin/tenants/{tenant}/retention", this::putRetention);
    cfg.routes.put("/api/v1/admin/tenants/{tenant}/timezone", this::putTimeZone);
    cfg.routes.get("/api/v1/admin/tenants/{tenant}/keys", this::listKeys);
    cfg.routes.post("/api/v1/admin/tenants/{tenant}/keys", this::issueKey);
    cfg.routes.delete("/api/v1/admin/tenants/{tenant}/keys/{keyId}", this::revokeKey);
  }

  private void createTenant(Context ctx) throws IOException {
    JsonNode body = body(ctx);
    String id = text(body, "id");
    if (id == null) {
      throw ApiException.badRequest("field 'id' is required");
    }
    TenantRecord t = admin.createTenant(id, text(body, "name"), "admin");
    ctx.status(201).json(t);
  }

  private void issueKey(Context ctx) throws IOException {
    JsonNode body = ctx.body().isBlank() ? Json.MAPPER.createObjectNode() : body(ctx);
    Set<Scope> scopes = scopes(body.get("scopes"));
    Set<String> origins = origins(body.get("origins"));
    Set<String> regions = regions(body.get("regions"));
    String role = text(body, "role");
    TenantAdmin.IssuedKey issued =
        admin.issueKey(
            ctx.pathParam("tenant"),
            text(body, "name"),
            scopes,
            origins,
            regions,
            role == null ? null : Role.parse("role", role),
            "admin");
    Map<String, Object> out = view(issued.record());
    out.put("key", issued.token());
    ctx.status(201).json(out);
  }

  private void getTenant(Context ctx) {
    ctx.json(admin.tenant(ctx.pathParam("tenant")));
  }

  /** Body: any of maxItemsPerRequest, maxAttributesPerItem, ... (null/absent = default). */
  private void putLimits(Context ctx) throws IOException {
    JsonNode body = body(ctx);
    java.util.Set<String> known =
        java.util.Set.of(
            "maxItemsPerRequest",
            "maxAttributesPerItem",
            "maxAttributeValueLength",
            "maxValueDepth",
            "itemsPerSecond");
    body.fieldNames()
        .forEachRemaining(
            f -> {
              if (!known.contains(f)) {
                throw ApiException.badRequest("unknown limit '" + f + "'; known: " + known);
              }
              JsonNode v = body.get(f);
              if (!v.isNull() && !v.canConvertToInt()) {
                throw ApiException.badRequest("limit '" + f + "' must be a whole number");
              }
            });
    TenantLimits limits =
        new TenantLimits(
            intOrNull(body, "maxItemsPerRequest"),
            intOrNull(body, "maxAttributesPerItem"),
            intOrNull(body, "maxAttributeValueLength"),
            intOrNull(body, "maxValueDepth"),
            intOrNull(body, "itemsPerSecond"));
    ctx.json(admin.setLimits(ctx.pathParam("tenant"), limits, "admin"));
  }

  /** Body: {@code {"days": 7}}, or {@code {"days": null}} for the service default. */
  private void putRetention(Context ctx) throws IOException {
    JsonNode body = body(ctx);
    if (!body.has("days")) {
      throw ApiException.badRequest("field 'days' is required (a whole number, or null)");
    }
    JsonNode v = body.get("days");
    if (!v.isNull() && !(v.isIntegralNumber() && v.canConvertToInt())) {
      throw ApiException.badRequest("field 'days' must be a whole number, or null");
    }
    ctx.json(admin.setRetention(ctx.pathParam("tenant"), intOrNull(body, "days"), "admin"));
  }

  /** Body: {@code {"timeZone": "Europe/Berlin"}}, or {@code {"timeZone": null}} for UTC. */
  private void putTimeZone(Context ctx) throws IOException {
    JsonNode body = body(ctx);
    if (!body.has("timeZone")) {
      throw ApiException.badRequest("field 'timeZone' is required (an IANA zone id, or null)");
    }
    JsonNode v = body.get("timeZone");
    if (!v.isNull() && !v.isTextual()) {
      throw ApiException.badRequest(
          "field 'timeZone' must be an IANA zone id such as Europe/Berlin");
    }
    String zone = v.isNull() ? null : v.asText().strip();
    ctx.json(admin.setTimeZone(ctx.pathParam("tenant"), zone, "admin"));
  }

  private static Integer intOrNull(JsonNode body, String field) {
    JsonNode v = body.get(field);
    return v == null || v.isNull() ? null : v.intValue();
  }

  private void listKeys(Context ctx) {
    ctx.json(admin.keys(ctx.pathParam("tenant")).stream().map(AdminRoutes::view).toList());
  }

  private void revokeKey(Context ctx) {
    admin.revokeKey(ctx.pathParam("tenant"), ctx.pathParam("keyId"), "admin");
    ctx.status(204);
  }

  static Map<String, Object> view(ApiKeyRecord k) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("keyId", k.keyId());
    out.put("tenantId", k.tenantId());
    out.put("name", k.name());
    out.put(
        "scopes",
        k.scopes().stream().map(s -> s.name().toLowerCase(Locale.ROOT)).sorted().toList());
    out.put("origins", k.origins().stream().sorted().toList());
    out.put("regions", k.regions().stream().sorted().toList());
    out.put("role", k.scopes().contains(Scope.QUERY) ? k.effectiveRole() : null);
    out.put("createdAt", k.createdAt());
    out.put("revokedAt", k.revokedAt());
    return out;
  }

  static Set<Scope> scopes(JsonNode node) {
    if (node == null || node.isNull()) {
      return Set.of(Scope.INGEST, Scope.QUERY);
    }
    if (!node.isArray() || node.isEmpty()) {
      throw ApiException.badRequest(
          "field 'scopes' must be a non-empty array of \"ingest\", \"query\", \"browser\","
              + " \"probe\"");
    }
    List<String> names = Json.MAPPER.convertValue(node, List.class);
    return names.stream()
        .map(
            n -> {
              try {
                return Scope.valueOf(String.valueOf(n).toUpperCase(Locale.ROOT));
              } catch (IllegalArgumentException e) {
                throw ApiException.badRequest(
                    "unknown scope '" + n + "' in field 'scopes' (ingest, query, browser, probe)");
              }
            })
        .collect(Collectors.toSet());
  }

  private static Set<String> regions(JsonNode node) {
    if (node == null || node.isNull()) {
      return Set.of();
    }
    if (!node.isArray()) {
      throw ApiException.badRequest("field 'regions' must be an array of region names");
    }
    Set<String> out = new java.util.LinkedHashSet<>();
    node.forEach(
        n -> {
          if (!n.isTextual()) {
            throw ApiException.badRequest("field 'regions' has " + n + "; each must be a string");
          }
          out.add(n.asText());
        });
    return out;
  }

  static Set<String> origins(JsonNode node) {
    if (node == null || node.isNull()) {
      return Set.of();
    }
    if (!node.isArray()) {
      throw ApiException.badRequest(
          "field 'origins' must be an array of origins like https://host");
    }
    Set<String> out = new java.util.LinkedHashSet<>();
    node.forEach(
        n -> {
          if (!n.isTextual() || !ORIGIN.matcher(n.asText()).matches()) {
            throw ApiException.badRequest(
                "field 'origins' has " + n + "; each origin must look like https://host[:port]");
          }
          out.add(n.asText());
        });
    return out;
  }

  private static final java.util.regex.Pattern ORIGIN =
      java.util.regex.Pattern.compile("https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?");

  private static JsonNode body(Context ctx) throws IOException {
    return JsonBodies.object(ctx);
  }

  private static String text(JsonNode body, String field) {
    return JsonBodies.text(body, field);
  }
}
