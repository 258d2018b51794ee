package io.obsera.query.traces;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.obsera.query.api.ApiException;
import io.obsera.query.api.Auth;

/** {@code GET /api/v1/traces/{traceId}}. */
public final class TraceRoutes {
  private final Auth auth;
  private final TraceQueryService service;

  public TraceRoutes(Auth auth, TraceQueryService service) {
    this.auth = auth;
    this.service = service;
  }

  public void register(JavalinConfig cfg) {
    cfg.routes.get("/api/v1/traces/{traceId}", this::get);
  }

  private void get(Context ctx) {
    String tenant = auth.tenant(ctx);
    String traceId = ctx.pathParam("traceId");
    ctx.json(
        service
            .trace(tenant, traceId)
            .orElseThrow(() -> ApiException.notFound("trace " + traceId + " not found")));
  }
}
