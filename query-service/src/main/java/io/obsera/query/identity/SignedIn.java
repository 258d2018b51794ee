package io.obsera.query.identity;

import io.javalin.http.Context;
import io.obsera.identity.MembershipRecord;
import io.obsera.identity.SignIn;
import io.obsera.identity.UserRecord;
import io.obsera.query.api.Auth;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The answer to a sign-in (login, switch, accepted invite): the session cookie and who. */
final class SignedIn {
  private SignedIn() {}

  /** Sets the session cookie and answers {@code {user, tenant, role, tenants, csrfToken}}. */
  static void answer(Context ctx, Duration sessionMax, boolean secure, SignIn in) {
    ctx.header("Set-Cookie", cookie(in.session().token(), sessionMax, secure));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("user", user(in.user()));
    body.put("tenant", in.tenantId());
    body.put("role", in.role());
    body.put("tenants", tenants(in.tenants()));
    body.put("csrfToken", in.session().csrfToken());
    if (in.session().session().restricted()) {
      body.put("mfaEnrolmentRequired", true);
    }
    ctx.json(body);
  }

  /** The session cookie: HttpOnly, SameSite=Lax, Secure when the request came over TLS. */
  static String cookie(String token, Duration maxAge, boolean secure) {
    return Auth.SESSION_COOKIE
        + "="
        + token
        + "; Path=/; Max-Age="
        + maxAge.toSeconds()
        + "; HttpOnly; SameSite=Lax"
        + (secure ? "; Secure" : "");
  }

  static Map<String, Object> user(UserRecord u) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", u.id());
    m.put("email", u.email());
    m.put("name", u.name());
    return m;
  }

  static List<Map<String, Object>> tenants(List<MembershipRecord> memberships) {
    return memberships.stream()
        .map(m -> Map.<String, Object>of("tenant", m.tenantId(), "role", m.role()))
        .toList();
  }
}
