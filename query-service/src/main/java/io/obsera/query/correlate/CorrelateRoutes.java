package io.obsera.query.correlate;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.obsera.query.api.Auth;
import io.obsera.query.api.Params;
import java.time.Clock;

/** {@code GET /api/v1/correlate}. */
public final class CorrelateRoutes {
  private final Auth auth;
  private final Correlation correlation;
  private final Clock clock;

  public CorrelateRoutes(Auth auth, Correlation correlation, Clock clock) {
    this.auth = auth;
    this.correlation = correlation;
    this.clock = clock;
  }

  public void register(JavalinConfig cfg) {
    cfg.routes.get("/api/v1/correlate", this::correlate);
  }

  private void correlate(Context ctx) {
    String tenant = auth.tenant(ctx);
    ctx.json(
        correlation.correlate(
            tenant,
            Params.required(ctx, "metric"),
            Params.text(ctx, "service"),
            Params.range(ctx, clock),
            Params.limit(ctx)));
  }
}
