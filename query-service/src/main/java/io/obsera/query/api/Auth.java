package io.obsera.query.api;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.obsera.identity.Identity;
import io.obsera.identity.Sessions;
import io.obsera.model.control.ApiKeyRecord;
import io.obsera.model.control.Scope;
import io.obsera.platform.control.ControlPlaneView;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Who is calling: tenant API keys (query scope) and signed-in users' session cookies ({@link
 * Principal}), probe keys and the admin token. A state-changing request authenticated by cookie
 * must carry the session's CSRF token in {@code X-CSRF-Token} (403 otherwise).
 */
public final class Auth {
  /** The session cookie. */
  public static final String SESSION_COOKIE = "obsera_session";

  /** The header a cookie-authenticated state-changing request carries the CSRF token in. */
  public static final String CSRF_HEADER = "X-CSRF-Token";

  /** The context attribute holding the request's {@link Principal} once resolved. */
  public static final String PRINCIPAL = "obsera.principal";

  private final ControlPlaneView controlPlane;
  private final Identity identity;
  private final List<byte[]> adminTokens;

  public Auth(ControlPlaneView controlPlane, Identity identity, String adminToken) {
    this(controlPlane, identity, adminToken, List.of());
  }

  /**
   * @param previousAdminTokens also accepted as the admin token (a rotation: {@code
   *     OBSERA_ADMIN_TOKEN_PREVIOUS})
   */
  public Auth(
      ControlPlaneView controlPlane,
      Identity identity,
      String adminToken,
      List<String> previousAdminTokens) {
    this.controlPlane = controlPlane;
    this.identity = identity;
    List<byte[]> tokens = new ArrayList<>();
    tokens.add(adminToken.getBytes(StandardCharsets.UTF_8));
    previousAdminTokens.forEach(t -> tokens.add(t.getBytes(StandardCharsets.UTF_8)));
    this.adminTokens = List.copyOf(tokens);
  }

  /** The tenant of the request's query key or session; 401 otherwise. */
  public String tenant(Context ctx) {
    return principal(ctx).tenantId();
  }

  /**
   * Who the request acts as: the bearer key (query scope), else the session cookie; 401 when
   * neither is valid, 403 for a cookie-authenticated write without the right CSRF token.
   */
  public Principal principal(Context ctx) {
    Principal known = ctx.attribute(PRINCIPAL);
    if (known != null) {
      return known;
    }
    Principal p = resolve(ctx);
    ctx.attribute(PRINCIPAL, p);
    return p;
  }

  private Principal resolve(Context ctx) {
    if (ctx.header("Authorization") == null && ctx.cookie(SESSION_COOKIE) == null) {
      throw ApiException.unauthorized(
          "missing 'Authorization: Bearer <token>' header or session cookie (sign in)");
    }
    if (ctx.header("Authorization") != null) {
      ApiKeyRecord key = queryKey(ctx);
      return new Principal(key.tenantId(), key.effectiveRole(), actor(key), null, null);
    }
    String token = ctx.cookie(SESSION_COOKIE);
    Identity.Member m =
        identity
            .session(token)
            .orElseThrow(
                () -> ApiException.unauthorized("session expired or signed out; sign in again"));
    if (!isSafe(ctx.method()) && !Sessions.csrfMatches(token, ctx.header(CSRF_HEADER))) {
      throw ApiException.forbidden(
          "missing or wrong " + CSRF_HEADER + " header (the csrfToken of the session)");
    }
    if (m.session().restricted()) {
      MfaEnrolmentOnly.check(ctx);
    }
    return new Principal(
        m.membership().tenantId(),
        m.membership().role(),
        "user:" + m.user().id(),
        m.user().id(),
        token);
  }

  private static boolean isSafe(HandlerType method) {
    return method == HandlerType.GET || method == HandlerType.HEAD || method == HandlerType.OPTIONS;
  }

  /** The request's key, which must have the query scope; 401 otherwise. */
  private ApiKeyRecord queryKey(Context ctx) {
    String token = bearer(ctx);
    return controlPlane
        .authenticate(token, Scope.QUERY)
        .orElseThrow(
            () ->
                ApiException.unauthorized(
                    "unknown or revoked API key, or key without query scope"));
  }

  /**
   * The request's key, which must have the probe scope: 401 for a missing, unknown or revoked key,
   * 403 for a key of another scope.
   */
  public ApiKeyRecord probeKey(Context ctx) {
    ApiKeyRecord key =
        controlPlane
            .authenticate(bearer(ctx))
            .orElseThrow(() -> ApiException.unauthorized("unknown or revoked API key"));
    if (!key.scopes().contains(Scope.PROBE)) {
      throw ApiException.forbidden(
          "API key " + key.keyId() + " has no probe scope; probe keys are issued by the operator");
    }
    return key;
  }

  /** Who made a change, for the audit trail ({@code actor}): the key, {@code key:<keyId>}. */
  public static String actor(ApiKeyRecord key) {
    return "key:" + key.keyId();
  }

  public void requireAdmin(Context ctx) {
    byte[] token = bearer(ctx).getBytes(StandardCharsets.UTF_8);
    boolean matches = false;
    for (byte[] t : adminTokens) {
      matches |= MessageDigest.isEqual(token, t); // every token compared: no early exit
    }
    if (!matches) {
      throw ApiException.unauthorized("admin token required");
    }
  }

  private static String bearer(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw ApiException.unauthorized("missing 'Authorization: Bearer <token>' header");
    }
    return header.substring(7).strip();
  }
}
