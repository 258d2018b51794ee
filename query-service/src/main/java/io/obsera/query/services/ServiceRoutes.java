package io.obsera.query.services;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.obsera.query.api.Auth;
import io.obsera.query.api.Params;
import java.time.Clock;
import java.time.Duration;

/** {@code GET /api/v1/services} and {@code GET /api/v1/services/{name}}. */
public final class ServiceRoutes {
  private final Auth auth;
  private final ServiceCatalog catalog;
  private final Clock clock;

  public ServiceRoutes(Auth auth, ServiceCatalog catalog, Clock clock) {
    this.auth = auth;
    this.catalog = catalog;
    this.clock = clock;
  }

  public void register(JavalinConfig cfg) {
    cfg.routes.get("/api/v1/services", this::list);
    cfg.routes.get("/api/v1/services/{name}", this::detail);
  }

  private void list(Context ctx) {
    String tenant = auth.tenant(ctx);
    ctx.json(catalog.list(tenant, Params.range(ctx, clock), step(ctx)));
  }

  private void detail(Context ctx) {
    String tenant = auth.tenant(ctx);
    ctx.json(catalog.detail(tenant, ctx.pathParam("name"), Params.range(ctx, clock), step(ctx)));
  }

  private static Duration step(Context ctx) {
    String step = Params.text(ctx, "step");
    return step == null ? null : Params.duration("step", step);
  }
}
