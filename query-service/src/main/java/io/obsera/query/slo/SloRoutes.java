package io.obsera.query.slo;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.obsera.model.control.SloDefinition;
import io.obsera.model.control.SloKind;
import io.obsera.model.control.SloPeriod;
import io.obsera.query.api.ApiException;
import io.obsera.query.api.Auth;
import io.obsera.query.api.JsonBodies;
import io.obsera.query.api.Principal;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * {@code /api/v1/slos}: list, get, create, replace and delete the SLOs of the tenant of the
 * request's query key. Another tenant's SLO is 404.
 */
public final class SloRoutes {
  private static final Set<String> FIELDS =
      Set.of(
          "id",
          "name",
          "kind",
          "service",
          "operation",
          "spanKind",
          "thresholdMs",
          "endpointId",
          "objective",
          "period");

  /** Fields of the stored record that a client may send back unchanged; they are ignored. */
  private static final Set<String> READ_ONLY =
      Set.of("tenantId", "createdAt", "updatedAt", "actor");

  private final Auth auth;
  private final SloAdmin slos;

  public SloRoutes(Auth auth, SloAdmin slos) {
    this.auth = auth;
    this.slos = slos;
  }

  public void register(JavalinConfig cfg) {
    cfg.routes.get("/api/v1/slos", this::list);
    cfg.routes.post("/api/v1/slos", this::create);
    cfg.routes.get("/api/v1/slos/{id}", this::get);
    cfg.routes.put("/api/v1/slos/{id}", this::replace);
    cfg.routes.delete("/api/v1/slos/{id}", this::delete);
  }

  private void list(Context ctx) {
    ctx.json(slos.list(auth.tenant(ctx)));
  }

  private void get(Context ctx) {
    ctx.json(slos.get(auth.tenant(ctx), ctx.pathParam("id")));
  }

  private void create(Context ctx) throws IOException {
    Principal key = auth.principal(ctx);
    ctx.status(201).json(slos.create(key.tenantId(), draft(ctx), key.actor()));
  }

  private void replace(Context ctx) throws IOException {
    Principal key = auth.principal(ctx);
    ctx.json(slos.update(key.tenantId(), ctx.pathParam("id"), draft(ctx), key.actor()));
  }

  private void delete(Context ctx) {
    slos.delete(auth.tenant(ctx), ctx.pathParam("id"));
    ctx.status(204);
  }

  /** The request's SLO settings; tenant, times and actor are set by {@link SloAdmin}. */
  static SloDefinition draft(Context ctx) throws IOException {
    JsonNode body = JsonBodies.object(ctx);
    JsonBodies.requireKnownFields(body, FIELDS, READ_ONLY);
    Double objective = JsonBodies.number(body, "objective");
    if (objective == null) {
      throw ApiException.badRequest("field 'objective' is required (e.g. 0.999)");
    }
    return new SloDefinition(
        null,
        JsonBodies.text(body, "id"),
        JsonBodies.text(body, "name"),
        choice(body, "kind", SloKind.class),
        JsonBodies.text(body, "service"),
        JsonBodies.text(body, "operation"),
        upper(JsonBodies.text(body, "spanKind")),
        JsonBodies.number(body, "thresholdMs"),
        JsonBodies.text(body, "endpointId"),
        objective,
        choice(body, "period", SloPeriod.class),
        null,
        null,
        null);
  }

  private static <E extends Enum<E>> E choice(JsonNode body, String field, Class<E> type) {
    String v = JsonBodies.text(body, field);
    if (v == null) {
      return null;
    }
    try {
      return Enum.valueOf(type, upper(v));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(
          "field '"
              + field
              + "' must be one of "
              + Arrays.toString(type.getEnumConstants())
              + ", got: "
              + v);
    }
  }

  private static String upper(String s) {
    return s == null ? null : s.toUpperCase(Locale.ROOT);
  }
}
