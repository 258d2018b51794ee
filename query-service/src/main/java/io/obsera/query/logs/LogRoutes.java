package io.obsera.query.logs;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.obsera.query.api.Auth;
import io.obsera.query.api.Cursor;
import io.obsera.query.api.Params;
import io.obsera.query.quota.Quotas;
import io.obsera.query.traces.TraceQueryService;
import java.time.Clock;

/**
 * {@code GET /api/v1/logs} and {@code GET /api/v1/logs/histogram}; a range longer than the tenant's
 * {@linkplain Quotas#requireSearchRange maximum} is 400 (a trace's logs without {@code from} are
 * looked up by trace id in all history).
 */
public final class LogRoutes {
  private final Auth auth;
  private final LogSearch search;
  private final Quotas quotas;
  private final Clock clock;

  public LogRoutes(Auth auth, LogSearch search, Quotas quotas, Clock clock) {
    this.auth = auth;
    this.search = search;
    this.quotas = quotas;
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
    // A trace's logs are found whenever they were written, unless a range is given.
    Params.TimeRange range =
        Params.range(ctx, clock, traceId == null ? Params.DEFAULT_LOOKBACK : null);
    if (traceId == null || Params.text(ctx, "from") != null) {
      quotas.requireSearchRange(auth.tenant(ctx), range);
    }
    return new LogSearch.Query(
        Params.text(ctx, "q"),
        severity == null ? null : Severity.parse(severity, Params.text(ctx, "severityMatch")),
        Params.text(ctx, "service"),
        traceId == null ? null : TraceQueryService.traceId("traceId", traceId),
        Params.attributes(ctx),
        range,
        Params.limit(ctx),
        Cursor.decode(ctx.queryParam("cursor")));
  }
}
