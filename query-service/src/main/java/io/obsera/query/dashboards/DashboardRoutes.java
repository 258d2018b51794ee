package io.obsera.query.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.obsera.model.Json;
import io.obsera.query.api.ApiException;
import io.obsera.query.api.Auth;
import io.obsera.query.api.JsonBodies;
import io.obsera.query.quota.ObjectQuota;
import io.obsera.query.quota.Quotas;
import io.obsera.query.sql.ReaderQueries;
import io.obsera.query.sql.SqlRoutes;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code /api/v1/dashboards}: list, get, create, update, delete (panels with kinds and grid
 * layouts, typed variables), and {@code POST /{id}/panels/{panelId}/run}, which binds the panel's
 * typed parameters server side and runs it as the tenant's ClickHouse reader; the answer is {@code
 * {columns: [{name, type}], rows: [[...]]}}. Dashboards, their panels and panel runs at once count
 * against the tenant's {@link Quotas}.
 */
public final class DashboardRoutes {
  private static final String RUN_FORMAT = "JSONCompact";

  private final Auth auth;
  private final DashboardStore store;
  private final ReaderQueries queries;
  private final SqlRoutes sql;
  private final Quotas quotas;
  private final Clock clock;
  private final long maxResultBytes;

  /**
   * @param maxResultBytes bytes of one panel result read into memory ({@code
   *     OBSERA_PANEL_MAX_RESULT_BYTES}); more is a 422
   */
  public DashboardRoutes(
      Auth auth,
      DashboardStore store,
      ReaderQueries queries,
      SqlRoutes sql,
      Quotas quotas,
      Clock clock,
      long maxResultBytes) {
    this.auth = auth;
    this.store = store;
    this.queries = queries;
    this.sql = sql;
    this.quotas = quotas;
    this.clock = clock;
    this.maxResultBytes = maxResultBytes;
  }

  public void register(JavalinConfig cfg) {
    cfg.routes.get("/api/v1/dashboards", this::list);
    cfg.routes.post("/api/v1/dashboards", this::create);
    cfg.routes.get("/api/v1/dashboards/{id}", this::get);
    cfg.routes.put("/api/v1/dashboards/{id}", this::update);
    cfg.routes.delete("/api/v1/dashboards/{id}", this::delete);
    cfg.routes.post("/api/v1/dashboards/{id}/panels/{panelId}/run", this::run);
  }

  private void list(Context ctx) {
    ctx.json(Map.of("dashboards", store.list(auth.tenant(ctx))));
  }

  private void get(Context ctx) {
    ctx.json(existing(auth.tenant(ctx), ctx.pathParam("id")));
  }

  private void create(Context ctx) throws IOException {
    String tenant = auth.tenant(ctx);
    JsonNode body = JsonBodies.object(ctx);
    String id =
        body.hasNonNull("id")
            ? body.get("id").asText()
            : UUID.randomUUID().toString().substring(0, 8);
    if (store.get(tenant, id).isPresent()) {
      throw ApiException.conflict("dashboard " + id + " already exists");
    }
    Dashboard d = parse(tenant, id, body);
    quotas.create(
        tenant,
        ObjectQuota.DASHBOARDS,
        () -> {
          store.put(d);
          return d;
        });
    ctx.status(201).json(d);
  }

  private void update(Context ctx) throws IOException {
    String tenant = auth.tenant(ctx);
    String id = ctx.pathParam("id");
    existing(tenant, id);
    JsonNode body = JsonBodies.object(ctx);
    JsonBodies.requirePathId(
        body.hasNonNull("id") ? body.get("id").asText() : null, id, "dashboard");
    Dashboard d = parse(tenant, id, body);
    store.put(d);
    ctx.json(d);
  }

  private void delete(Context ctx) {
    String tenant = auth.tenant(ctx);
    String id = ctx.pathParam("id");
    existing(tenant, id);
    store.delete(tenant, id);
    ctx.status(204);
  }

  private void run(Context ctx) throws IOException {
    String tenant = auth.tenant(ctx);
    Dashboard d = existing(tenant, ctx.pathParam("id"));
    Panel panel = d.panel(ctx.pathParam("panelId"));
    if (panel == null) {
      throw ApiException.notFound(
          "panel " + ctx.pathParam("panelId") + " not found in dashboard " + d.id());
    }
    if (!panel.kind().equals("sql")) {
      throw ApiException.badRequest(
          "panel " + panel.id() + " is a " + panel.kind() + " panel; only sql panels run here");
    }
    JsonNode body = ctx.body().isBlank() ? Json.MAPPER.createObjectNode() : JsonBodies.object(ctx);
    Map<String, String> values = PanelTemplate.bind(panel.params(), body.get("params"));
    JsonNode result;
    try (Quotas.QueryPermit running = quotas.startQuery(tenant);
        ReaderQueries.Answer answer =
            queries.run(sql.readyReader(tenant), panel.sql(), values, RUN_FORMAT)) {
      if (!answer.format().equals(RUN_FORMAT)) {
        throw ApiException.badRequest("a panel's SQL must not choose its output format");
      }
      result = Json.MAPPER.readTree(capped(answer.body()));
    }
    ctx.json(toResult(result));
  }

  /**
   * The panel's result, read up to {@link #maxResultBytes}; past it the rest is not read (closing
   * the answer cancels the query) and the run is a 422 naming the cap.
   */
  private byte[] capped(InputStream body) throws IOException {
    byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxResultBytes + 1));
    if (bytes.length > maxResultBytes) {
      throw new ApiException(
          422,
          "limit_exceeded",
          "the panel's result exceeds "
              + maxResultBytes
              + " bytes (OBSERA_PANEL_MAX_RESULT_BYTES); aggregate or add a LIMIT");
    }
    return bytes;
  }

  /** {@code JSONCompact} output -> {@code {columns, rows, rowCount}}. */
  static ObjectNode toResult(JsonNode compact) {
    ObjectNode out = Json.MAPPER.createObjectNode();
    ArrayNode columns = out.putArray("columns");
    compact
        .path("meta")
        .forEach(
            m ->
                columns
                    .addObject()
                    .put("name", m.path("name").asText())
                    .put("type", m.path("type").asText()));
    out.set("rows", compact.path("data"));
    out.put("rowCount", compact.path("rows").asLong());
    if (compact.has("exception")) {
      out.put("error", compact.get("exception").asText());
    }
    return out;
  }

  /**
   * The fields a client writes; anything else it sends back ({@code updatedAt}, ...) is ignored.
   */
  record Body(String title, List<Panel> panels, List<Variable> variables) {}

  private Dashboard parse(String tenant, String id, JsonNode body) {
    JsonNode ps = body.get("panels");
    if (ps != null && !ps.isNull() && !ps.isArray()) {
      throw ApiException.badRequest("field 'panels' must be an array");
    }
    JsonBodies.text(body, "title");
    Body b = JsonBodies.read(body, Body.class, "");
    List<Panel> panels = b.panels() == null ? List.of() : b.panels();
    quotas.requirePanels(tenant, panels.size());
    return new Dashboard(id, tenant, b.title(), panels, clock.instant(), "api", b.variables());
  }

  private Dashboard existing(String tenant, String id) {
    return store
        .get(tenant, id)
        .orElseThrow(() -> ApiException.notFound("dashboard " + id + " not found"));
  }
}
