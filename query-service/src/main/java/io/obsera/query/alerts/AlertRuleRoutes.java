package io.obsera.query.alerts;

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
import io.obsera.query.api.Principal;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * {@code /api/v1/alert-rules}: list, get, create, replace and delete the alert rules of the tenant
 * of the request's query key; another tenant's rule is 404. A BURN_RATE rule is answered with the
 * burn conditions in force ({@code effectiveBurnConditions}: its own, or the defaults scaled for
 * its SLO's period) and the period length they assume ({@code periodDays}).
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

  private final Auth auth;
  private final AlertRuleAdmin rules;

  public AlertRuleRoutes(Auth auth, AlertRuleAdmin rules) {
    this.auth = auth;
    this.rules = rules;
  }

  public void register(JavalinConfig cfg) {
    cfg.routes.get("/api/v1/alert-rules", this::list);
    cfg.routes.post("/api/v1/alert-rules", this::create);
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
