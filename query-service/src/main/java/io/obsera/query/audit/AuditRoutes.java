package io.obsera.query.audit;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.obsera.query.api.Auth;
import io.obsera.query.api.Cursor;
import io.obsera.query.api.Paging;
import io.obsera.query.api.Params;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code GET /api/v1/audit} (a tenant's admins: their tenant's entries) and {@code GET
 * /api/v1/admin/audit} (the operator: every tenant's, or one with {@code tenant}), newest first:
 * filters {@code from}, {@code to} (default the last 30 days), {@code actor}, {@code action},
 * {@code object} (exact), cursor paging, {@code format=csv}.
 */
public final class AuditRoutes {
  private static final String SEARCH =
      "SELECT TenantId, toUnixTimestamp64Nano(Time) AS S, EventId, Actor, Action, Object, Outcome,"
          + " Detail, ClientAddress, Before, After FROM audit_log FINAL"
          + " WHERE %s Time >= {from:DateTime64(9)} AND Time < {to:DateTime64(9)}"
          + " AND (S, EventId) < ({cS:Int64}, {cK:String})%s"
          + " ORDER BY S DESC, EventId DESC LIMIT {limit:UInt32}";
  private static final List<String> CSV_COLUMNS =
      List.of(
          "time",
          "tenant",
          "actor",
          "action",
          "object",
          "outcome",
          "detail",
          "clientAddress",
          "before",
          "after");

  private final Auth auth;
  private final Client client;
  private final Clock clock;

  public AuditRoutes(Auth auth, Client client, Clock clock) {
    this.auth = auth;
    this.client = client;
    this.clock = clock;
  }

  public void register(JavalinConfig cfg) {
    cfg.routes.get("/api/v1/audit", ctx -> search(ctx, auth.tenant(ctx)));
    cfg.routes.get("/api/v1/admin/audit", ctx -> search(ctx, Params.text(ctx, "tenant")));
  }

  /** Entries of {@code tenant} (null: every tenant). */
  private void search(Context ctx, String tenant) {
    Params.TimeRange range = Params.range(ctx, clock, Duration.ofDays(30));
    int limit = Params.limit(ctx);
    Cursor cursor = Cursor.decode(ctx.queryParam("cursor"));
    Map<String, Object> p = new HashMap<>();
    p.put("from", range.from64());
    p.put("to", range.to64());
    p.put("limit", Paging.rowsToRead(limit));
    p.put("cS", cursor == null ? Long.MAX_VALUE : cursor.nanos());
    p.put("cK", cursor == null ? "" : cursor.key());
    String tenantFilter = "";
    if (tenant != null) {
      tenantFilter = "TenantId = {tenant:String} AND";
      p.put("tenant", tenant);
    }
    StringBuilder filters = new StringBuilder();
    for (String f : List.of("actor", "action", "object")) {
      String v = Params.text(ctx, f);
      if (v != null) {
        filters.append(" AND ").append(capitalized(f)).append(" = {").append(f).append(":String}");
        p.put(f, v);
      }
    }
    List<GenericRecord> rows = client.queryAll(String.format(SEARCH, tenantFilter, filters), p);
    Paging.Slice<Map<String, Object>> page =
        Paging.slice(
            rows,
            limit,
            AuditRoutes::entry,
            r -> new Cursor(r.getLong("S"), r.getString("EventId")));
    if ("csv".equals(ctx.queryParam("format"))) {
      ctx.contentType("text/csv; charset=utf-8");
      if (page.nextCursor() != null) {
        ctx.header("X-Next-Cursor", page.nextCursor());
      }
      ctx.result(csv(page.items()));
      return;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("items", page.items());
    out.put("nextCursor", page.nextCursor());
    ctx.json(out);
  }

  private static Map<String, Object> entry(GenericRecord r) {
    long nanos = r.getLong("S");
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("id", r.getString("EventId"));
    e.put(
        "time",
        Instant.ofEpochSecond(
            Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L)));
    e.put("tenant", r.getString("TenantId"));
    e.put("actor", r.getString("Actor"));
    e.put("action", r.getString("Action"));
    e.put("object", r.getString("Object"));
    e.put("outcome", r.getInteger("Outcome"));
    e.put("detail", r.getString("Detail"));
    e.put("clientAddress", r.getString("ClientAddress"));
    e.put("before", emptyToNull(r.getString("Before")));
    e.put("after", emptyToNull(r.getString("After")));
    return e;
  }

  /** '' (no snapshot) as null: JSON null, and an empty CSV cell. */
  private static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static String csv(List<Map<String, Object>> items) {
    StringBuilder b = new StringBuilder(String.join(",", CSV_COLUMNS)).append('\n');
    for (Map<String, Object> e : items) {
      b.append(CSV_COLUMNS.stream().map(c -> cell(e.get(c))).collect(Collectors.joining(",")))
          .append('\n');
    }
    return b.toString();
  }

  /** RFC 4180 quoting; a leading =, +, - or @ is prefixed with ' so spreadsheets do not run it. */
  private static String cell(Object v) {
    String s = v == null ? "" : String.valueOf(v);
    if (!s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0) {
      s = "'" + s;
    }
    return "\"" + s.replace("\"", "\"\"") + "\"";
  }

  private static String capitalized(String f) {
    return Character.toUpperCase(f.charAt(0)) + f.substring(1);
  }
}
