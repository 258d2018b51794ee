package io.obsera.query.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.obsera.model.Json;
import io.obsera.model.audit.AuditEvent;
import io.obsera.query.api.Auth;
import io.obsera.query.api.Principal;
import java.time.Clock;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Records every state-changing request (not GET/HEAD/OPTIONS) of a matched route in the audit log,
 * whatever its outcome: control-plane changes, sign-ins and their failures, invites, role changes,
 * keys, and each {@code /sql} query with its text. Who: the request's principal, else what the
 * route named ({@link #ACTOR}), else {@code admin} on the admin API, else {@code anonymous}. The
 * request body is kept with every secret-looking field redacted, and so are the before and after of
 * the control-plane records the request changed ({@link ControlChanges}).
 */
public final class AuditTrail {
  /** Context attribute: who acted, when the route knows better than the principal (sign-in). */
  public static final String ACTOR = "obsera.audit.actor";

  /** Context attribute: the tenant acted on, when there is no principal (sign-in, invites). */
  public static final String TENANT = "obsera.audit.tenant";

  /**
   * Context attribute: set (to anything) by a GET route that changes state and must be audited like
   * a POST (single sign-on callbacks: a redirect from the identity provider is a GET).
   */
  public static final String RECORD_GET = "obsera.audit.recordGet";

  private static final Pattern SECRET =
      Pattern.compile(
          "(?i)(sealed.*|code|totp|recoverycodes?|otpauthuri|.*(password|secrets?|token"
              + "|authorization|apikey|api_key|routingkey|url|key|hash|sha256))$");
  private static final int MAX_DETAIL = 16_384;

  private final AuditLog log;
  private final Clock clock;
  private final ControlChanges changes;

  public AuditTrail(AuditLog log, Clock clock, ControlChanges changes) {
    this.log = log;
    this.clock = clock;
    this.changes = changes;
  }

  public void register(JavalinConfig cfg) {
    cfg.routes.before(ctx -> changes.begin());
    cfg.routes.after(this::record);
  }

  /**
   * The tenant part of events of no tenant (the operator creating tenants, anonymous requests that
   * name none): no tenant id can be it (they start with a letter or digit), so no tenant admin sees
   * them; the operator reads them with {@code GET /api/v1/admin/audit?tenant=_operator}.
   */
  public static final String NO_TENANT = "_operator";

  private void record(Context ctx) {
    ControlChanges.Snapshots snapshots = changes.end();
    Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
    HandlerType m = ctx.method();
    if (endpoint == null
        || (m == HandlerType.GET && ctx.attribute(RECORD_GET) == null)
        || m == HandlerType.HEAD
        || m == HandlerType.OPTIONS) {
      return;
    }
    Principal p = ctx.attribute(Auth.PRINCIPAL);
    String tenant =
        p != null
            ? p.tenantId()
            : ctx.attribute(TENANT) != null
                ? ctx.attribute(TENANT)
                : ctx.pathParamMap().getOrDefault("tenant", "");
    if (tenant == null || tenant.isBlank()) {
      tenant = NO_TENANT; // the operator's tenant creation, anonymous requests naming none
    }
    String actor =
        ctx.attribute(ACTOR) != null
            ? ctx.attribute(ACTOR)
            : p != null
                ? p.actor()
                : endpoint.path.startsWith("/api/v1/admin/") && ctx.statusCode() != 401
                    ? "admin"
                    : "anonymous";
    log.record(
        new AuditEvent(
            UUID.randomUUID().toString().replace("-", ""),
            clock.instant(),
            tenant,
            actor,
            m.name() + " " + endpoint.path,
            object(ctx),
            ctx.statusCode(),
            detail(ctx),
            ctx.ip(),
            snapshots == null ? null : snapshots.before(),
            snapshots == null ? null : snapshots.after()));
  }

  private static String object(Context ctx) {
    return new TreeMap<>(ctx.pathParamMap())
        .entrySet().stream()
            .filter(e -> !e.getKey().equals("token"))
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(","));
  }

  /** The request body as JSON with secret-looking fields redacted; non-JSON bodies are left out. */
  static String detail(Context ctx) {
    String body = ctx.body();
    if (body.isBlank()) {
      return "";
    }
    try {
      JsonNode node = Json.MAPPER.readTree(body);
      redact(node);
      String text = Json.MAPPER.writeValueAsString(node);
      return text.length() > MAX_DETAIL ? text.substring(0, MAX_DETAIL) : text;
    } catch (Exception e) {
      return "{\"body\":\"(not JSON, " + body.length() + " characters)\"}";
    }
  }

  static void redact(JsonNode node) {
    if (node instanceof ObjectNode o) {
      for (Map.Entry<String, JsonNode> f : o.properties()) {
        if (SECRET.matcher(f.getKey()).matches() && !f.getValue().isNull()) {
          f.setValue(Json.MAPPER.getNodeFactory().textNode("(redacted)"));
        } else {
          redact(f.getValue());
        }
      }
    } else if (node != null && node.isArray()) {
      node.forEach(AuditTrail::redact);
    }
  }
}
