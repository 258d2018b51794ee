package io.obsera.query.identity;

import static org.assertj.core.api.Assertions.assertThat;

import io.obsera.model.control.Role;
import io.obsera.query.api.AccessRules;
import io.obsera.query.api.AccessRules.Access;
import io.obsera.query.identity.IdentityItServer.Caller;
import io.obsera.query.openapi.OpenApiRoutes;
import io.obsera.testing.ObseraServersExtension;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every route of the OpenAPI document (so a new route cannot escape it) x anonymous, viewer, editor
 * and admin (sessions), a viewer key, a key from before roles (editor), and another tenant's admin:
 * 401 without credentials, 403 below the route's role, neither otherwise.
 */
@ExtendWith(ObseraServersExtension.class)
class RoleMatrixIT {
  static IdentityItServer it;
  static List<Caller> callers;
  static Map<Caller, Role> roles;

  @BeforeAll
  static void start() throws Exception {
    it = new IdentityItServer();
    Caller viewer = it.signIn(it.service, "viewer", it.user(it.tenantA, Role.VIEWER));
    Caller editor = it.signIn(it.service, "editor", it.user(it.tenantA, Role.EDITOR));
    Caller admin = it.signIn(it.service, "admin", it.user(it.tenantA, Role.ADMIN));
    Caller otherAdmin =
        it.signIn(it.service, "other tenant's admin", it.user(it.tenantB, Role.ADMIN));
    Caller viewerKey = new Caller("viewer key", it.key(it.tenantA, Role.VIEWER), null, null);
    Caller legacyKey = new Caller("key without role", it.key(it.tenantA, null), null, null);
    callers = List.of(Caller.ANONYMOUS, viewer, editor, admin, otherAdmin, viewerKey, legacyKey);
    roles =
        Map.of(
            viewer, Role.VIEWER,
            editor, Role.EDITOR,
            admin, Role.ADMIN,
            otherAdmin, Role.ADMIN,
            viewerKey, Role.VIEWER,
            legacyKey, Role.EDITOR);
  }

  @AfterAll
  static void stop() {
    it.service.close();
  }

  @Test
  void should_readTheRulesFromTheDocument() {
    Map<String, Access> rules = AccessRules.fromOpenApi(OpenApiRoutes.document());
    assertThat(rules)
        .containsEntry("GET /api/v1/traces", Access.VIEWER)
        .containsEntry("PUT /api/v1/slos/{id}", Access.EDITOR)
        .containsEntry("DELETE /api/v1/channels/{id}", Access.EDITOR)
        .containsEntry("POST /api/v1/sql", Access.VIEWER)
        .containsEntry("POST /api/v1/admin/tenants", Access.OPERATOR)
        .containsEntry("GET /api/v1/probe/assignments", Access.PROBE)
        .containsEntry("POST /api/v1/auth/login", Access.PUBLIC)
        .containsEntry("GET /status/{slug}", Access.PUBLIC);
    assertThat(rules.keySet()).containsExactlyInAnyOrderElementsOf(it.service.routes());
  }

  @Test
  void should_enforceEachRoutesRole_forEveryCaller() throws Exception {
    List<Map.Entry<String, Access>> routes =
        new ArrayList<>(AccessRules.fromOpenApi(OpenApiRoutes.document()).entrySet());
    // signing out ends the callers' sessions: last
    routes.sort(
        Comparator.comparing((Map.Entry<String, Access> e) -> e.getKey().endsWith("/logout"))
            .thenComparing(Map.Entry::getKey));
    List<String> wrong = new ArrayList<>();
    int checked = 0;
    for (Map.Entry<String, Access> route : routes) {
      String method = route.getKey().substring(0, route.getKey().indexOf(' '));
      String path =
          route.getKey().substring(method.length() + 1).replaceAll("\\{[^}]+}", "matrix-1");
      String body = method.equals("GET") || method.equals("DELETE") ? null : "{}";
      for (Caller c : callers) {
        HttpResponse<String> r = it.call(it.service, method, path, c, body);
        String expected = expected(route.getValue(), c);
        if (!matches(expected, r.statusCode())) {
          wrong.add(
              route.getKey()
                  + " as "
                  + c.name()
                  + ": "
                  + r.statusCode()
                  + ", expected "
                  + expected
                  + " "
                  + r.body());
        }
        checked++;
      }
    }
    assertThat(wrong).isEmpty();
    assertThat(routes).hasSizeGreaterThan(70);
    assertThat(checked).isEqualTo(routes.size() * callers.size());
  }

  private static String expected(Access access, Caller c) {
    Role role = roles.get(c);
    return switch (access) {
      case PUBLIC -> "allowed";
      case OPERATOR -> "401";
      case PROBE -> role == null || c.session() != null ? "401" : "403";
      default -> role == null ? "401" : role.includes(access.role()) ? "allowed" : "403";
    };
  }

  private static boolean matches(String expected, int status) {
    return expected.equals("allowed")
        ? status != 401 && status != 403 && status < 500
        : Integer.toString(status).equals(expected);
  }
}
