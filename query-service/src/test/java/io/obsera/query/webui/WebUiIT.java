package io.obsera.query.webui;

import static org.assertj.core.api.Assertions.assertThat;

import io.obsera.query.ProbeDataFixture;
import io.obsera.testing.ObseraServersExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The web UI bundle (module web-ui, on the class path as webui/) served by the query service: the
 * page at /, its assets, index.html for the UI's own paths (a reload of /services/x works), and the
 * API's JSON 404 everywhere else.
 */
@ExtendWith(ObseraServersExtension.class)
class WebUiIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String BROWSER_ACCEPT =
      "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
  private static ProbeDataFixture fx;

  @BeforeAll
  static void setUp() throws Exception {
    fx = new ProbeDataFixture("webui");
  }

  @AfterAll
  static void tearDown() {
    fx.close();
  }

  private static HttpResponse<String> get(String path, String accept) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(fx.base + path)).header("Accept", accept).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void should_serveTheUi_atTheRoot_withItsSecurityHeaders() throws Exception {
    HttpResponse<String> r = get("/", BROWSER_ACCEPT);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(r.body()).contains("<div id=\"root\"></div>");
    assertThat(r.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("script-src 'self'")
        .contains("frame-ancestors 'none'");
    assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-cache");
  }

  @Test
  void should_serveHashedAssets_cachedForAYear() throws Exception {
    Matcher script =
        Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"").matcher(get("/", BROWSER_ACCEPT).body());
    assertThat(script.find()).isTrue();
    HttpResponse<String> js = get(script.group(1), "*/*");
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.headers().firstValue("Content-Type").orElse("")).contains("javascript");
    assertThat(js.headers().firstValue("Cache-Control").orElse("")).contains("immutable");
    assertThat(get("/assets/missing-123.js", "*/*").statusCode()).isEqualTo(404);
  }

  @Test
  void should_answerTheUisPages_withIndexHtml() throws Exception {
    for (String page :
        new String[] {"/services", "/services/checkout.v2", "/traces/abc", "/login?next=/logs"}) {
      HttpResponse<String> r = get(page, BROWSER_ACCEPT);
      assertThat(r.statusCode()).as(page).isEqualTo(200);
      assertThat(r.body()).as(page).contains("<div id=\"root\"></div>");
    }
  }

  @Test
  void should_keepTheJson404_forApiPathsAndMissingFiles() throws Exception {
    for (String path : new String[] {"/api/v1/nope", "/v1/nope", "/favicon.ico"}) {
      HttpResponse<String> r = get(path, BROWSER_ACCEPT);
      assertThat(r.statusCode()).as(path).isEqualTo(404);
      assertThat(r.body()).as(path).contains("\"error\":\"not_found\"");
    }
    HttpResponse<String> api = get("/api/v1/nope", "*/*");
    assertThat(api.statusCode()).isEqualTo(404);
    assertThat(api.body()).contains("no route for GET /api/v1/nope");
    // API routes still answer as before
    assertThat(get("/openapi.json", BROWSER_ACCEPT).body()).startsWith("{");
  }
}
