package io.obsera.query.quota;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.obsera.query.api.Auth;

/** {@code GET /api/v1/quotas}: the quotas of the request key's tenant and its usage of them. */
public final class QuotaRoutes {
  private final Auth auth;
  private final Quotas quotas;

  public QuotaRoutes(Auth auth, Quotas quotas) {
    this.auth = auth;
    this.quotas = quotas;
  }

  public void register(JavalinConfig cfg) {
    cfg.routes.get("/api/v1/quotas", this::get);
  }

  private void get(Context ctx) {
    ctx.json(quotas.report(auth.tenant(ctx)));
  }
}
