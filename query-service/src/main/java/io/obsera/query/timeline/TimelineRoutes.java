package io.obsera.query.timeline;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.obsera.query.api.Auth;
import io.obsera.query.api.Cursor;
import io.obsera.query.api.Params;
import java.time.Clock;

/**
 * {@code GET /api/v1/timeline?traceId=} or {@code ?service=&from=&to=}. For a trace without a
 * range, all time up to now is searched (spans and logs are found by their trace-id index).
 */
public final class TimelineRoutes {
  private final Auth auth;
  private final Timeline timeline;
  private final Clock clock;

  public TimelineRoutes(Auth auth, Timeline timeline, Clock clock) {
    this.auth = auth;
    this.timeline = timeline;
    this.clock = clock;
  }

  public void register(JavalinConfig cfg) {
    cfg.routes.get("/api/v1/timeline", this::timeline);
  }

  private void timeline(Context ctx) {
    String tenant = auth.tenant(ctx);
    String rawTrace = Params.text(ctx, "traceId");
    String service = Params.text(ctx, "service");
    if ((rawTrace == null) == (service == null)) {
      throw Params.bad("traceId", "or 'service' is required (exactly one of them)");
    }
    String traceId = rawTrace == null ? null : Timeline.traceId(rawTrace);
    ctx.json(
        timeline.timeline(
            tenant,
            traceId,
            service,
            Params.range(ctx, clock, traceId == null ? Params.DEFAULT_LOOKBACK : null),
            Params.limit(ctx),
            Cursor.decode(ctx.queryParam("cursor"))));
  }
}
