package io.obsera.query.endpoints;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.obsera.model.Json;
import io.obsera.model.control.EndpointDefinition;
import io.obsera.platform.crypto.EndpointSealer;
import io.obsera.query.api.ApiException;
import io.obsera.query.api.Auth;
import io.obsera.query.api.DeepLinks;
import io.obsera.query.api.JsonBodies;
import io.obsera.query.api.Principal;
import io.obsera.query.control.ControlRecordAdmin;
import java.io.IOException;
import java.util.Set;

/**
 * {@code /api/v1/endpoints}: list, get, create-or-replace ({@code PUT /endpoints/{id}}) and delete
 * the monitored endpoints of the tenant of the request's query key. Another tenant's endpoint is
 * 404. Each endpoint is answered with {@code links} to its check latency by region, outages and SLA
 * report, and its header values masked ({@code "***"}: they are stored sealed).
 */
public final class EndpointRoutes {
  private static final Set<String> FIELDS =
      Set.of(
          "id",
          "name",
          "service",
          "url",
          "method",
          "headers",
          "body",
          "expectedStatus",
          "bodyMatch",
          "intervalMs",
          "timeoutMs",
          "regions",
          "quorum",
          "failureThreshold",
          "degradedLatencyMs",
          "certExpiryWarnDays",
          "maintenanceWindows",
          "enabled");

  /** Fields of the stored record that a client may send back unchanged; they are ignored. */
  private static final Set<String> READ_ONLY =
      Set.of("tenantId", "createdAt", "updatedAt", "actor", "links");

  private final Auth auth;
  private final EndpointAdmin endpoints;

  public EndpointRoutes(Auth auth, EndpointAdmin endpoints) {
    this.auth = auth;
    this.endpoints = endpoints;
  }

  public void register(JavalinConfig cfg) {
    cfg.routes.get("/api/v1/endpoints", this::list);
    cfg.routes.get("/api/v1/endpoints/{id}", this::get);
    cfg.routes.put("/api/v1/endpoints/{id}", this::put);
    cfg.routes.delete("/api/v1/endpoints/{id}", this::delete);
  }

  private void list(Context ctx) {
    ctx.json(endpoints.list(auth.tenant(ctx)).stream().map(EndpointRoutes::view).toList());
  }

  private void get(Context ctx) {
    ctx.json(view(endpoints.get(auth.tenant(ctx), ctx.pathParam("id"))));
  }

  private void put(Context ctx) throws IOException {
    Principal key = auth.principal(ctx);
    ControlRecordAdmin.Put<EndpointDefinition> saved =
        endpoints.put(key.tenantId(), ctx.pathParam("id"), draft(ctx), key.actor());
    ctx.status(saved.created() ? 201 : 200).json(view(saved.record()));
  }

  private void delete(Context ctx) {
    endpoints.delete(auth.tenant(ctx), ctx.pathParam("id"));
    ctx.status(204);
  }

  /** The endpoint as stored, header values masked, with links to what is known about it. */
  static ObjectNode view(EndpointDefinition e) {
    ObjectNode out = Json.MAPPER.valueToTree(EndpointSealer.masked(e));
    out.remove("sealedHeaders");
    ObjectNode links = out.putObject("links");
    links.put("self", DeepLinks.endpoint(e.id()));
    links.put("latencyByRegion", DeepLinks.endpointLatencyByRegion(e.id()));
    links.put("outages", DeepLinks.endpointOutages(e.id()));
    links.put("sla", DeepLinks.endpointSla(e.id()));
    return out;
  }

  /** The request's settings; tenant, times and actor are set by {@link EndpointAdmin}. */
  static EndpointDefinition draft(Context ctx) throws IOException {
    JsonNode body = JsonBodies.object(ctx);
    JsonBodies.requireKnownFields(body, FIELDS, READ_ONLY);
    ((ObjectNode) body).remove(READ_ONLY);
    try {
      return Json.MAPPER.treeToValue(body, EndpointDefinition.class);
    } catch (JsonMappingException e) {
      String field =
          e.getPath().isEmpty() ? "?" : String.valueOf(e.getPath().get(0).getFieldName());
      throw ApiException.badRequest(
          "field '" + field + "' has the wrong type: " + e.getOriginalMessage());
    }
  }
}
