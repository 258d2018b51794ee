package io.obsera.query.latency;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.obsera.query.api.Auth;
import io.obsera.query.api.Params;
import java.time.Clock;
import java.time.Duration;

/** {@code GET /api/v1/latency/regions}. */
public final class LatencyRoutes {
  private final Auth auth;
  private final RegionalLatency latency;
  private final Clock clock;

  public LatencyRoutes(Auth auth, RegionalLatency latency, Clock clock) {
    this.auth = auth;
    this.latency = latency;
    this.clock = clock;
  }

  public void register(JavalinConfig cfg) {
    cfg.routes.get("/api/v1/latency/regions", this::regions);
  }

  private void regions(Context ctx) {
    String tenant = auth.tenant(ctx);
    String step = Params.text(ctx, "step");
    ctx.json(
        latency.query(
            tenant,
            Params.required(ctx, "service"),
            Params.text(ctx, "operation"),
            Params.range(ctx, clock),
            step == null ? Duration.ofMinutes(1) : Params.duration("step", step)));
  }
}
