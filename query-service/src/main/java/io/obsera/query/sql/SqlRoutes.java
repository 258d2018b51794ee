package io.obsera.query.sql;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.obsera.model.Json;
import io.obsera.model.access.TenantReader;
import io.obsera.platform.control.ControlPlaneView;
import io.obsera.platform.control.Visibility;
import io.obsera.query.api.ApiException;
import io.obsera.query.api.Auth;
import io.obsera.query.quota.Quotas;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /api/v1/sql} (read-only SQL as the caller tenant's ClickHouse reader, streamed; at
 * most the tenant's quota of them at once), and the admin routes that reveal and rotate a tenant's
 * analyst credentials.
 */
public final class SqlRoutes {
  private static final Map<String, String> FORMATS = Map.of("json", "JSON", "csv", "CSVWithNames");
  private static final Map<String, String> CONTENT_TYPES =
      Map.of("json", "application/json", "csv", "text/csv; charset=utf-8");

  private final Auth auth;
  private final ControlPlaneView tenants;
  private final ReaderQueries queries;
  private final AnalystCredentials credentials;
  private final TenantReaderSync sync;
  private final Quotas quotas;
  private final String clickHouseUrl;
  private final String database;

  public SqlRoutes(
      Auth auth,
      ControlPlaneView tenants,
      ReaderQueries queries,
      AnalystCredentials credentials,
      TenantReaderSync sync,
      Quotas quotas,
      String clickHouseUrl,
      String database) {
    this.auth = auth;
    this.tenants = tenants;
    this.queries = queries;
    this.credentials = credentials;
    this.sync = sync;
    this.quotas = quotas;
    this.clickHouseUrl = clickHouseUrl;
    this.database = database;
  }

  public void register(JavalinConfig cfg) {
    cfg.routes.post("/api/v1/sql", this::sql);
    cfg.routes.get("/api/v1/admin/tenants/{tenant}/analyst-credentials", this::reveal);
    cfg.routes.post("/api/v1/admin/tenants/{tenant}/analyst-credentials", this::rotate);
  }

  /**
   * The reader of a tenant, or 503 while its user is being created in ClickHouse, or while SQL is
   * disabled because a reader can read the system tables of every tenant's queries.
   */
  public TenantReader readyReader(String tenant) {
    sync.disabledReason()
        .ifPresent(
            reason -> {
              throw ApiException.unavailable("SQL is disabled: " + reason);
            });
    if (!sync.isReady(tenant)) {
      throw ApiException.unavailable(
          "the tenant's ClickHouse user is being created or updated; retry in a few seconds");
    }
    return credentials.reader(tenant);
  }

  private void sql(Context ctx) throws IOException {
    String tenant = auth.tenant(ctx);
    JsonNode body = Json.MAPPER.readTree(ctx.bodyAsBytes());
    if (body == null || !body.isObject()) {
      throw ApiException.badRequest("request body must be a JSON object with field 'sql'");
    }
    JsonNode sqlNode = body.get("sql");
    if (sqlNode == null || !sqlNode.isTextual() || sqlNode.asText().isBlank()) {
      throw ApiException.badRequest("field 'sql' is required (a string)");
    }
    String format = body.hasNonNull("format") ? body.get("format").asText() : "json";
    if (!FORMATS.containsKey(format)) {
      throw ApiException.badRequest("field 'format' must be \"json\" or \"csv\", got " + format);
    }
    Map<String, String> params = SqlParams.fromJson(body.get("params"));
    TenantReader reader = readyReader(tenant);
    try (Quotas.QueryPermit running = quotas.startQuery(tenant);
        ReaderQueries.Answer answer =
            queries.run(reader, sqlNode.asText(), params, FORMATS.get(format))) {
      if (!answer.format().equalsIgnoreCase(FORMATS.get(format))) {
        throw ApiException.badRequest(
            "the SQL chose output format "
                + answer.format()
                + "; leave out FORMAT and use the field 'format' (json or csv)");
      }
      ctx.status(200).contentType(CONTENT_TYPES.get(format));
      stream(answer.body(), ctx.res().getOutputStream());
    }
  }

  private static void stream(InputStream in, OutputStream out) throws IOException {
    byte[] buffer = new byte[16_384];
    for (int n; (n = in.read(buffer)) >= 0; ) {
      out.write(buffer, 0, n);
      out.flush();
    }
  }

  /**
   * Admin only. The handler checks the admin token itself, not only through the {@code
   * /api/v1/admin/*} before-filter of another class: a credential must not depend on where a filter
   * is registered.
   */
  private void reveal(Context ctx) {
    auth.requireAdmin(ctx);
    String tenant = existingTenant(ctx);
    ctx.json(view(tenant, credentials.reader(tenant)));
  }

  /** Admin only, checked here as in {@link #reveal}. */
  private void rotate(Context ctx) {
    auth.requireAdmin(ctx);
    String tenant = existingTenant(ctx);
    TenantReader reader = credentials.rotate(tenant, "admin");
    // Not ready after 30 s: answered anyway, with "ready": false.
    Visibility.awaitUpTo(Duration.ofSeconds(30), () -> sync.isReady(tenant));
    ctx.json(view(tenant, reader));
  }

  private String existingTenant(Context ctx) {
    String tenant = ctx.pathParam("tenant");
    if (tenants.tenant(tenant).isEmpty()) {
      throw ApiException.notFound("tenant " + tenant + " not found");
    }
    return tenant;
  }

  private Map<String, Object> view(String tenant, TenantReader reader) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("tenantId", tenant);
    out.put("user", reader.user());
    out.put("password", reader.password());
    out.put("version", credentials.version(tenant));
    out.put("ready", sync.isReady(tenant));
    out.put("database", database);
    out.put("httpUrl", clickHouseUrl);
    out.put("jdbcUrl", "jdbc:clickhouse:" + clickHouseUrl + "/" + database);
    return out;
  }
}
