package io.obsera.query.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.obsera.model.Json;
import io.obsera.model.control.Role;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Who may call each route, read from the OpenAPI document so that a route cannot exist without a
 * rule: an operation's {@code x-obsera-role} ({@code public}, {@code operator}, {@code probe},
 * {@code viewer}, {@code editor}, {@code admin}) or, without one, its {@code security}: the admin
 * token is {@code operator}, a probe key {@code probe}, none {@code public}, and a query key (or
 * session) {@code viewer} for GET and {@code editor} otherwise. Enforced before every matched route
 * for sessions and API keys alike: 401 without valid credentials, 403 below the role; a route
 * without a rule is refused (403). Static files and the web UI's pages are no routes and need
 * nothing.
 */
public final class AccessRules {
  /** What a route needs. */
  public enum Access {
    PUBLIC,
    OPERATOR,
    PROBE,
    VIEWER,
    EDITOR,
    ADMIN;

    /** The tenant role this access needs, or null when it is not a tenant route. */
    public Role role() {
      return switch (this) {
        case VIEWER -> Role.VIEWER;
        case EDITOR -> Role.EDITOR;
        case ADMIN -> Role.ADMIN;
        default -> null;
      };
    }
  }

  private final Map<String, Access> rules;
  private final Auth auth;

  public AccessRules(Map<String, Access> rules, Auth auth) {
    this.rules = Map.copyOf(rules);
    this.auth = auth;
  }

  /** The rules of every operation of an OpenAPI document, keyed {@code "METHOD /path"}. */
  public static Map<String, Access> fromOpenApi(byte[] document) {
    JsonNode doc;
    try {
      doc = Json.MAPPER.readTree(document);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, Access> rules = new HashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> paths = doc.get("paths").fields();
        paths.hasNext(); ) {
      Map.Entry<String, JsonNode> path = paths.next();
      for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
        Map.Entry<String, JsonNode> op = ops.next();
        String method = op.getKey().toUpperCase(Locale.ROOT);
        rules.put(method + " " + path.getKey(), accessOf(method, op.getValue()));
      }
    }
    return rules;
  }

  static Access accessOf(String method, JsonNode op) {
    JsonNode explicit = op.get("x-obsera-role");
    if (explicit != null) {
      return Access.valueOf(explicit.asText().toUpperCase(Locale.ROOT));
    }
    JsonNode security = op.get("security");
    if (security == null || security.isEmpty()) {
      return Access.PUBLIC;
    }
    String scheme = security.get(0).fieldNames().next();
    return switch (scheme) {
      case "adminToken" -> Access.OPERATOR;
      case "probeKey" -> Access.PROBE;
      case "queryKey" -> method.equals("GET") ? Access.VIEWER : Access.EDITOR;
      default -> throw new IllegalStateException("unknown security scheme " + scheme);
    };
  }

  public void register(JavalinConfig cfg) {
    cfg.routes.beforeMatched(this::check);
  }

  private void check(Context ctx) {
    Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
    if (endpoint == null) {
      // a static file or the web UI's index.html (matched, but not a route): public by nature
      return;
    }
    String route = endpoint.method.name() + " " + endpoint.path;
    Access access = rules.get(route);
    if (access == null) {
      throw ApiException.forbidden("route " + route + " has no access rule");
    }
    Role needed = access.role();
    if (needed == null) {
      return;
    }
    Principal p = auth.principal(ctx);
    if (!p.role().includes(needed)) {
      throw ApiException.forbidden(
          "role " + p.role() + " may not " + route + "; it needs " + needed + " or above");
    }
  }
}
