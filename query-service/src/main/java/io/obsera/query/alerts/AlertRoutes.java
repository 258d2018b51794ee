package io.obsera.query.alerts;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.obsera.query.api.Auth;
import io.obsera.query.api.Cursor;
import io.obsera.query.api.Params;
import java.time.Clock;
import java.util.List;

/**
 * {@code GET /api/v1/alerts?state=firing|resolved&severity=page|ticket|info&service=&from=&to=
 * &limit=&cursor=}: the tenant's alerts in their latest state ({@link AlertSearch}); {@code GET
 * /api/v1/alerts/{id}/deliveries?limit=}: an alert's delivery history ({@link AlertDeliveries}),
 * {@code id} being the alert's fingerprint.
 */
public final class AlertRoutes {
  static final List<String> STATES = List.of("FIRING", "RESOLVED");
  static final List<String> SEVERITIES = List.of("PAGE", "TICKET", "INFO");

  private final Auth auth;
  private final AlertSearch search;
  private final AlertDeliveries deliveries;
  private final Clock clock;

  public AlertRoutes(Auth auth, AlertSearch search, AlertDeliveries deliveries, Clock clock) {
    this.auth = auth;
    this.search = search;
    this.deliveries = deliveries;
    this.clock = clock;
  }

  public void register(JavalinConfig cfg) {
    cfg.routes.get("/api/v1/alerts", this::search);
    cfg.routes.get("/api/v1/alerts/{id}/deliveries", this::deliveries);
  }

  private void deliveries(Context ctx) {
    String tenant = auth.tenant(ctx);
    ctx.json(deliveries.of(tenant, ctx.pathParam("id"), Params.limit(ctx)));
  }

  private void search(Context ctx) {
    String tenant = auth.tenant(ctx);
    AlertSearch.Query q =
        new AlertSearch.Query(
            AlertSearch.choice("state", Params.text(ctx, "state"), STATES),
            AlertSearch.choice("severity", Params.text(ctx, "severity"), SEVERITIES),
            Params.text(ctx, "service"),
            Params.range(ctx, clock),
            Params.limit(ctx),
            Cursor.decode(ctx.queryParam("cursor")));
    ctx.json(search.search(tenant, q));
  }
}
