package io.obsera.query.api;

import io.javalin.http.Context;
import io.obsera.model.control.ApiKeyRecord;
import io.obsera.model.control.Scope;
import io.obsera.platform.control.ControlPlaneView;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Bearer-token checks: tenant API keys (query scope), probe keys and the admin token. */
public final class Auth {
  private final ControlPlaneView controlPlane;
  private final byte[] adminToken;

  public Auth(ControlPlaneView controlPlane, String adminToken) {
    this.controlPlane = controlPlane;
    this.adminToken = adminToken.getBytes(StandardCharsets.UTF_8);
  }

  /** The tenant of the request's query key; 401 otherwise. */
  public String tenant(Context ctx) {
    return queryKey(ctx).tenantId();
  }

  /** The request's key, which must have the query scope; 401 otherwise. */
  public ApiKeyRecord queryKey(Context ctx) {
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
    String token = bearer(ctx);
    if (!MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), adminToken)) {
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
