package io.obsera.query.api;

import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import java.util.Set;

/**
 * What a session restricted to multi-factor enrolment may call (its tenant requires MFA and the
 * user has none yet): see, start and verify an enrolment, read {@code /me}, sign out. Every other
 * route answers 403 before its handler runs; checked where a session is resolved ({@link Auth}), so
 * no route, old or new, is reachable by such a session unless listed here.
 */
final class MfaEnrolmentOnly {
  static final Set<String> ALLOWED =
      Set.of(
          "GET /api/v1/me",
          "GET /api/v1/me/totp",
          "POST /api/v1/auth/logout",
          "POST /api/v1/me/totp",
          "POST /api/v1/me/totp/verify");

  private MfaEnrolmentOnly() {}

  static void check(Context ctx) {
    Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
    String route = endpoint == null ? "" : endpoint.method.name() + " " + endpoint.path;
    if (!ALLOWED.contains(route)) {
      throw ApiException.forbidden(
          "your tenant requires multi-factor sign-in: enrol first (POST /api/v1/me/totp, then"
              + " POST /api/v1/me/totp/verify)");
    }
  }
}
