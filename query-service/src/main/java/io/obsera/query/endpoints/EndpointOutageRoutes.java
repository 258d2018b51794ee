package io.obsera.query.endpoints;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.obsera.query.api.Auth;
import io.obsera.query.api.DeepLinks;
import io.obsera.query.api.Params;
import io.obsera.query.sla.Outage;
import io.obsera.query.sla.OutageRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/endpoints/{id}/outages?from=&to=}: the outages (DOWN, DEGRADED, NO_DATA; open
 * and resolved) of one of the tenant's endpoints overlapping the range (default: the last 30 days),
 * oldest first. History stays readable after the endpoint is deleted.
 */
public final class EndpointOutageRoutes {
  private static final Duration LOOKBACK = Duration.ofDays(30);

  private final Auth auth;
  private final OutageRepository outages;
  private final Clock clock;

  public EndpointOutageRoutes(Auth auth, OutageRepository outages, Clock clock) {
    this.auth = auth;
    this.outages = outages;
    this.clock = clock;
  }

  public void register(JavalinConfig cfg) {
    cfg.routes.get("/api/v1/endpoints/{id}/outages", this::list);
  }

  /** One outage as answered: times as RFC 3339, duration so far for an open one. */
  record OutageView(
      String outageId,
      String kind,
      String state,
      String start,
      String end,
      long durationMs,
      List<String> regions,
      String cause) {}

  private void list(Context ctx) {
    String tenant = auth.tenant(ctx);
    String id = ctx.pathParam("id");
    Params.TimeRange range = Params.range(ctx, clock, LOOKBACK);
    Instant from = Instant.ofEpochSecond(0, range.fromNanos());
    Instant to = Instant.ofEpochSecond(0, range.toNanos());
    Instant now = clock.instant();
    List<OutageView> views =
        outages.outages(tenant, from, to).stream()
            .filter(o -> o.endpointId().equals(id))
            .map(o -> view(o, now))
            .toList();
    ctx.json(
        Map.of(
            "endpointId", id,
            "from", Long.toString(range.fromNanos()),
            "to", Long.toString(range.toNanos()),
            "outages", views,
            "links", Map.of("endpoint", DeepLinks.endpoint(id))));
  }

  private static OutageView view(Outage o, Instant now) {
    Instant end = o.end() == null ? now : o.end();
    return new OutageView(
        o.outageId(),
        o.kind().name(),
        o.open() ? "OPEN" : "RESOLVED",
        o.start().toString(),
        o.end() == null ? null : o.end().toString(),
        Math.max(0, Duration.between(o.start(), end).toMillis()),
        o.regions(),
        o.cause());
  }
}
