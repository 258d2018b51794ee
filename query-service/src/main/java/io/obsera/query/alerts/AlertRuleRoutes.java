package io.obsera.query.alerts;

import com.clickhouse.client.api.Client;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.obsera.model.Json;
import io.obsera.model.control.AlertRule;
import io.obsera.model.control.AlertRuleKind;
import io.obsera.model.control.SloDefinition;
import io.obsera.model.control.SloPeriod;
import io.obsera.query.api.Auth;
import io.obsera.query.api.JsonBodies;
import io.obsera.query.api.Params;
import io.obsera.query.api.Principal;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /api/v1/alert-rules}: list, get, create, replace and delete the alert rules of the tenant
 * of the request's query key; another tenant's rule is 404. A BURN_RATE rule is answered with the
 * burn conditions in force ({@code effectiveBurnConditions}: its own, or the defaults scaled for
 * its SLO's period) and the period length they assume ({@code periodDays}). {@code POST
 * /api/v1/alert-rules/preview} answers what a rule would have fired over a past range ({@link
 * RulePreview}).
 */
public final class AlertRuleRoutes {
  private static final Set<String> FIELDS =
      Set.of(
          "id",
          "name",
          "kind",
          "enabled",
          "sloId",
          "burnConditions",
          "signal",
          "metric",
          "aggregation",
          "percentile",
          "service",
          "operation",
          "region",
          "attributes",
          "groupBy",
          "comparison",
          "threshold",
          "windowMs",
          "forMs",
          "severity",
          "labels",
          "summary");

  /** Fields of the answer that a client may send back unchanged; they are ignored. */
  private static final Set<String> READ_ONLY =
      Set.of(
          "tenantId",
          "createdAt",
          "updatedAt",
          "actor",
          "effectiveBurnConditions",
          "periodDays",
          "periodNote");

  /** The longest range a preview reads. */
  static final Duration MAX_PREVIEW = Duration.ofDays(7);

  private final Auth auth;
  private final AlertRuleAdmin rules;
  private final RulePreview preview;
  private final Clock clock;

  public AlertRuleRoutes(Auth auth, AlertRuleAdmin rules, Client clickHouse, Clock clock) {
    this.auth = auth;
    this.rules = rules;
    this.preview = new RulePreview(new RulePreviewData(clickHouse), rules::sloOf);
    this.clock = clock;
  }

  public void register(JavalinConfig cfg) {
    cfg.routes.get("/api/v1/alert-rules", this::list);
    cfg.routes.post("/api/v1/alert-rules", this::create);
    cfg.routes.post("/api/v1/alert-rules/preview", this::preview);
    cfg.routes.get("/api/v1/alert-rules/{id}", this::get);
    cfg.routes.put("/api/v1/alert-rules/{id}", this::replace);
    cfg.routes.delete("/api/v1/alert-rules/{id}", this::delete);
  }

  private void list(Context ctx) {
    ctx.json(rules.list(auth.tenant(ctx)).stream().map(this::view).toList());
  }

  private void get(Context ctx) {
    ctx.json(view(rules.get(auth.tenant(ctx), ctx.pathParam("id"))));
  }

  private void create(Context ctx) throws IOException {
    Principal key = auth.principal(ctx);
    ctx.status(201).json(view(rules.create(key.tenantId(), draft(ctx), key.actor())));
  }

  /**
   * What the rule in the body (checked as create checks it, not written) would have fired over
   * {@code from}/{@code to} (default: the last day; at most {@link #MAX_PREVIEW}).
   */
  private void preview(Context ctx) throws IOException {
    Principal key = auth.principal(ctx);
    Params.TimeRange range = Params.range(ctx, clock, Duration.ofDays(1));
    if (range.toNanos() - range.fromNanos() > MAX_PREVIEW.toNanos()) {
      throw Params.bad("from", "must be at most 7 days before 'to'");
    }
    AlertRule rule = rules.checkedDraft(key.tenantId(), draft(ctx), key.actor());
    ctx.json(
        preview.preview(
            rule,
            Math.floorDiv(range.fromNanos(), 1_000_000),
            Math.floorDiv(range.toNanos(), 1_000_000)));
  }

  private void replace(Context ctx) throws IOException {
    Principal key = auth.principal(ctx);
    ctx.json(view(rules.update(key.tenantId(), ctx.pathParam("id"), draft(ctx), key.actor())));
  }

  private void delete(Context ctx) {
    rules.delete(auth.tenant(ctx), ctx.pathParam("id"));
    ctx.status(204);
  }

  /** The rule as stored; a BURN_RATE rule with the conditions in force for its SLO. */
  ObjectNode view(AlertRule rule) {
    ObjectNode out = Json.MAPPER.valueToTree(rule);
    if (rule.kind() == AlertRuleKind.BURN_RATE) {
      Optional<SloDefinition> slo = rules.sloOf(rule);
      if (slo.isPresent()) {
        SloPeriod period = slo.get().period();
        out.set(
            "effectiveBurnConditions",
            Json.MAPPER.valueToTree(rule.effectiveBurnConditions(slo.get())));
        out.put("periodDays", AlertRule.nominalDays(period));
        if (period == SloPeriod.CALENDAR_MONTH) {
          out.put(
              "periodNote",
              "calendar month counted as 30 days (its nominal length) for the default factors");
        }
      } else {
        out.putNull("effectiveBurnConditions");
        out.put("periodNote", "SLO " + rule.sloId() + " no longer exists: the rule cannot fire");
      }
    }
    return out;
  }

  /** The request's rule settings; tenant, times and actor are set by {@link AlertRuleAdmin}. */
  static AlertRule draft(Context ctx) throws IOException {
    JsonNode body = JsonBodies.object(ctx);
    JsonBodies.requireKnownFields(body, FIELDS, READ_ONLY);
    ((ObjectNode) body).remove(READ_ONLY);
    return JsonBodies.read(body, AlertRule.class, "");
  }
}
