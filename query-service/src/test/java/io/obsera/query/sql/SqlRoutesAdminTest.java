package io.obsera.query.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.obsera.model.control.ApiKeyToken;
import io.obsera.platform.control.ControlPlaneView;
import io.obsera.query.api.ApiErrors;
import io.obsera.query.api.Auth;
import io.obsera.testing.TestControlKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The analyst-credential routes guard themselves: served over HTTP with {@link SqlRoutes} alone,
 * without the {@code /api/v1/admin/*} before-filter that {@code AdminRoutes} adds in the query
 * service, a request without the admin token is 401 and reaches neither the credentials nor the
 * tenant view (their collaborators are absent: touching them would be a 500).
 */
class SqlRoutesAdminTest {
  static final String ADMIN_TOKEN = "admin-token-0123456789-abcdef";
  static final String PATH = "/api/v1/admin/tenants/acme/analyst-credentials";
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static ControlPlaneView tenants;
  static Javalin app;

  @BeforeAll
  static void start() {
    // Never started: it knows no tenant, and connects to nothing.
    tenants = new ControlPlaneView("127.0.0.1:1", Map.of(), TestControlKeys.verifier());
    SqlRoutes routes =
        new SqlRoutes(
            new Auth(tenants, null, ADMIN_TOKEN),
            tenants,
            null,
            null,
            null,
            null,
            "http://127.0.0.1:8123",
            "obsera");
    app =
        Javalin.create(
                cfg -> {
                  cfg.startup.showJavalinBanner = false;
                  ApiErrors.register(cfg);
                  routes.register(cfg);
                })
            .start("127.0.0.1", 0);
  }

  @AfterAll
  static void stop() {
    app.stop();
    tenants.close();
  }

  static HttpResponse<String> call(String method, String authorization) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + PATH))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void should_answer401_withoutTheAdminToken_evenWithoutTheAdminFilter() throws Exception {
    String queryKey = "Bearer " + ApiKeyToken.generate().token();
    for (String method : new String[] {"GET", "POST"}) {
      for (String authorization :
          new String[] {null, queryKey, "Bearer " + ADMIN_TOKEN + "x", "Basic " + ADMIN_TOKEN}) {
        HttpResponse<String> r = call(method, authorization);
        assertThat(r.statusCode()).as(method + " with " + authorization).isEqualTo(401);
        assertThat(r.body()).contains("\"error\":\"unauthorized\"").doesNotContain("password");
      }
    }
  }

  @Test
  void should_passTheAdminToken_onToTheTenantLookup() throws Exception {
    for (String method : new String[] {"GET", "POST"}) {
      HttpResponse<String> r = call(method, "Bearer " + ADMIN_TOKEN);
      assertThat(r.statusCode()).as(method).isEqualTo(404);
      assertThat(r.body()).contains("tenant acme not found");
    }
  }
}
