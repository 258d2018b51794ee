package io.obsera.query.traces;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.obsera.query.api.ApiException;
import io.obsera.query.api.Auth;
import io.obsera.query.api.Cursor;
import io.obsera.query.api.Params;
import io.obsera.query.quota.Quotas;
import java.time.Clock;

/**
 * {@code GET /api/v1/traces} (search; a range longer than the tenant's {@linkplain
 * Quotas#requireSearchRange maximum} is 400) and {@code GET /api/v1/traces/{traceId}}.
 */
public final class TraceRoutes {
  private final Auth auth;
  private final TraceQueryService service;
  private final TraceSearch search;
  private final Quotas quotas;
  private final Clock clock;

  public TraceRoutes(
      Auth auth, TraceQueryService service, TraceSearch search, Quotas quotas, Clock clock) {
    this.auth = auth;
    this.service = service;
    this.search = search;
    this.quotas = quotas;
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
    Params.TimeRange range = Params.range(ctx, clock);
    quotas.requireSearchRange(tenant, range);
    TraceSearch.Query q =
        new TraceSearch.Query(
            Params.text(ctx, "service"),
            Params.text(ctx, "operation"),
            Params.durationNanos(ctx, "minDuration"),
            Params.durationNanos(ctx, "maxDuration"),
            Params.text(ctx, "status"),
            Params.text(ctx, "region"),
            Params.attributes(ctx),
            range,
            Params.limit(ctx),
            Cursor.decode(ctx.queryParam("cursor")));
    ctx.json(search.search(tenant, q));
  }
}
