package io.obsera.query.slo;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.obsera.model.control.SloDefinition;
import io.obsera.model.control.SloKind;
import io.obsera.query.api.Auth;
import io.obsera.query.api.DeepLinks;
import io.obsera.query.api.Params;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/slos/{id}/budget}: the error budget now ({@link ErrorBudget}); {@code GET
 * /api/v1/slos/{id}/budget/series?from=&to=&step=}: per step, the last burn-rate emission in it
 * (budget left as share and count, consumed, the seven burn rates), for charts. Both read {@code
 * slo_burn_rates} (emissions since the SLO's creation); steps without an emission are left out. The
 * series defaults to the SLO's current period in steps of an hour.
 */
public final class SloBudgetRoutes {
  /** At most this many steps in one series. */
  static final int MAX_POINTS = 10_000;

  private final Auth auth;
  private final SloAdmin slos;
  private final BurnRateRepository burnRates;
  private final Clock clock;

  public SloBudgetRoutes(Auth auth, SloAdmin slos, BurnRateRepository burnRates, Clock clock) {
    this.auth = auth;
    this.slos = slos;
    this.burnRates = burnRates;
    this.clock = clock;
  }

  public void register(JavalinConfig cfg) {
    cfg.routes.get("/api/v1/slos/{id}/budget", this::budget);
    cfg.routes.get("/api/v1/slos/{id}/budget/series", this::series);
  }

  /** One step of the series. */
  record Step(
      Instant time,
      Instant asOf,
      double objective,
      long total,
      long bad,
      double budget,
      double remaining,
      double remainingShare,
      Map<String, Double> burnRates) {}

  /** The series and what it covers. */
  record Series(
      String sloId,
      Instant from,
      Instant to,
      String step,
      List<Step> steps,
      Map<String, String> links) {}

  private void budget(Context ctx) {
    SloDefinition slo = slos.get(auth.tenant(ctx), ctx.pathParam("id"));
    Instant now = clock.instant();
    BurnRateRow latest =
        burnRates.latest(slo.tenantId(), slo.id(), slo.createdAt(), now.plusSeconds(1));
    Instant ref = latest == null ? now : latest.time();
    Instant periodStart = slo.period().start(ref);
    ctx.json(ErrorBudget.of(slo, latest, now, links(slo, periodStart, ref)));
  }

  private void series(Context ctx) {
    SloDefinition slo = slos.get(auth.tenant(ctx), ctx.pathParam("id"));
    Instant now = clock.instant();
    Duration lookback = Duration.between(slo.period().start(now), now);
    Params.TimeRange range = Params.range(ctx, clock, lookback);
    String rawStep = Params.text(ctx, "step");
    Duration step = rawStep == null ? Duration.ofHours(1) : Params.duration("step", rawStep);
    if (step.toMillis() < 1000 || step.toNanos() % 1_000_000 != 0) {
      throw Params.bad("step", "must be at least 1s, in whole milliseconds");
    }
    Instant from = instant(range.fromNanos());
    Instant to = instant(range.toNanos());
    if (Duration.between(from, to).toMillis() / step.toMillis() > MAX_POINTS) {
      throw Params.bad("step", "gives more than " + MAX_POINTS + " points for the range");
    }
    Instant notBefore = slo.createdAt().isAfter(from) ? slo.createdAt() : from;
    List<Step> steps = new ArrayList<>();
    if (notBefore.isBefore(to)) {
      for (BurnRateRow r : burnRates.lastPerStep(slo.tenantId(), slo.id(), from, to, step)) {
        if (r.time().isBefore(notBefore)) {
          continue;
        }
        long index = Duration.between(from, r.time()).toMillis() / step.toMillis();
        double allowed = (1 - r.objective()) * r.periodTotal();
        long bad = r.periodTotal() - r.periodGood();
        steps.add(
            new Step(
                from.plusMillis(index * step.toMillis()),
                r.time(),
                r.objective(),
                r.periodTotal(),
                bad,
                allowed,
                allowed - bad,
                r.budgetRemaining(),
                r.orderedBurnRates()));
      }
    }
    ctx.json(
        new Series(
            slo.id(),
            from,
            to,
            rawStep == null ? "1h" : rawStep,
            steps,
            links(slo, slo.period().start(now), now)));
  }

  private static Map<String, String> links(SloDefinition slo, Instant periodStart, Instant ref) {
    Map<String, String> links = new LinkedHashMap<>();
    String self = "/api/v1/slos/" + slo.id();
    links.put("slo", self);
    links.put("budget", self + "/budget");
    links.put(
        "series",
        self
            + "/budget/series?from="
            + BurnRateRepository.nanos(periodStart)
            + "&to="
            + BurnRateRepository.nanos(ref.plusSeconds(1))
            + "&step=1h");
    if (slo.service() != null) {
      links.put("alerts", "/api/v1/alerts?service=" + DeepLinks.encode(slo.service()));
    }
    if (slo.kind() == SloKind.UPTIME) {
      links.put("endpoint", DeepLinks.endpoint(slo.endpointId()));
      links.put("outages", DeepLinks.endpointOutages(slo.endpointId()));
    }
    return links;
  }

  private static Instant instant(long nanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }
}
