package io.obsera.query.metrics;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.obsera.query.api.Auth;
import io.obsera.query.api.Params;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** {@code GET /api/v1/metrics/names} and {@code GET /api/v1/metrics/query}. */
public final class MetricRoutes {
  private final Auth auth;
  private final MetricCatalog catalog;
  private final MetricQuery query;
  private final Clock clock;

  public MetricRoutes(Auth auth, MetricCatalog catalog, MetricQuery query, Clock clock) {
    this.auth = auth;
    this.catalog = catalog;
    this.query = query;
    this.clock = clock;
  }

  public void register(JavalinConfig cfg) {
    cfg.routes.get("/api/v1/metrics/names", this::names);
    cfg.routes.get("/api/v1/metrics/query", this::query);
  }

  private void names(Context ctx) {
    String tenant = auth.tenant(ctx);
    ctx.json(Map.of("metrics", catalog.names(tenant, Params.range(ctx, clock))));
  }

  private void query(Context ctx) {
    String tenant = auth.tenant(ctx);
    String agg = Params.text(ctx, "agg");
    String step = Params.text(ctx, "step");
    String groupBy = Params.text(ctx, "groupBy");
    List<String> groups =
        groupBy == null
            ? List.of()
            : Arrays.stream(groupBy.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    ctx.json(
        query.query(
            tenant,
            new MetricQuery.Query(
                Params.required(ctx, "name"),
                Params.text(ctx, "service"),
                Params.attributes(ctx),
                agg == null ? null : MetricQuery.Agg.parse(agg),
                step == null ? Duration.ofMinutes(1) : Params.duration("step", step),
                groups,
                Params.range(ctx, clock))));
  }
}
