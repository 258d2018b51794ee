package io.obsera.query.traces;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.obsera.query.api.ApiException;
import io.obsera.query.api.Auth;
import io.obsera.query.api.Cursor;
import io.obsera.query.api.Params;
import java.time.Clock;

/** {@code GET /api/v1/traces} (search) and {@code GET /api/v1/traces/{traceId}}. */
public final class TraceRoutes {
  private final Auth auth;
  private final TraceQueryService service;
  private final TraceSearch search;
  private final Clock clock;

  public TraceRoutes(Auth auth, TraceQueryService service, TraceSearch search, Clock clock) {
    this.auth = auth;
    this.service = service;
    this.search = search;
    this.clock = clock;
  }

  public void register(JavalinConfig cfg) {
    cfg.routes.get("/api/v1/traces", this::search);
    cfg.routes.get("/api/v1/traces/{traceId}", this::get);
  }

  private void get(Context ctx) {
    String tenant = auth.tenant(ctx);
    String traceId = ctx.pathParam("traceId");
    ctx.json(
        service
            .trace(tenant, traceId, Cursor.decode(ctx.queryParam("cursor")))
            .orElseThrow(() -> ApiException.notFound("trace " + traceId + " not found")));
  }

  private void search(Context ctx) {
    String tenant = auth.tenant(ctx);
    TraceSearch.Query q =
        new TraceSearch.Query(
            Params.text(ctx, "service"),
            Params.text(ctx, "operation"),
            Params.durationNanos(ctx, "minDuration"),
            Params.durationNanos(ctx, "maxDuration"),
            Params.text(ctx, "status"),
            Params.text(ctx, "region"),
            Params.attributes(ctx),
            Params.range(ctx, clock),
            Params.limit(ctx),
            Cursor.decode(ctx.queryParam("cursor")));
    ctx.json(search.search(tenant, q));
  }
}
