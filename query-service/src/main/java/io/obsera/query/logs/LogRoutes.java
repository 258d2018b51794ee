package io.obsera.query.logs;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.obsera.query.api.Auth;
import io.obsera.query.api.Cursor;
import io.obsera.query.api.Params;
import io.obsera.query.traces.TraceQueryService;
import java.time.Clock;

/** {@code GET /api/v1/logs} and {@code GET /api/v1/logs/histogram}. */
public final class LogRoutes {
  private final Auth auth;
  private final LogSearch search;
  private final Clock clock;

  public LogRoutes(Auth auth, LogSearch search, Clock clock) {
    this.auth = auth;
    this.search = search;
    this.clock = clock;
  }

  public void register(JavalinConfig cfg) {
    cfg.routes.get("/api/v1/logs", this::search);
    cfg.routes.get("/api/v1/logs/histogram", this::histogram);
  }

  private void search(Context ctx) {
    ctx.json(search.search(auth.tenant(ctx), query(ctx)));
  }

  private void histogram(Context ctx) {
    String tenant = auth.tenant(ctx);
    String step = Params.text(ctx, "step");
    ctx.json(
        search.histogram(tenant, query(ctx), step == null ? null : Params.duration("step", step)));
  }

  private LogSearch.Query query(Context ctx) {
    String severity = Params.text(ctx, "severity");
    String traceId = Params.text(ctx, "traceId");
    return new LogSearch.Query(
        Params.text(ctx, "q"),
        severity == null ? null : Severity.parse(severity, Params.text(ctx, "severityMatch")),
        Params.text(ctx, "service"),
        traceId == null ? null : TraceQueryService.traceId("traceId", traceId),
        Params.attributes(ctx),
        // A trace's logs are found whenever they were written, unless a range is given.
        Params.range(ctx, clock, traceId == null ? Params.DEFAULT_LOOKBACK : null),
        Params.limit(ctx),
        Cursor.decode(ctx.queryParam("cursor")));
  }
}
