package io.obsera.query.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.obsera.model.Json;
import io.obsera.model.probe.CheckOutcome;
import io.obsera.model.probe.OutageEvent.Kind;
import io.obsera.query.ProbeDataFixture;
import io.obsera.testing.BrowserScripts;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.TestApi;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Public status pages against a real ClickHouse: a service of two endpoints with an outage injected
 * now, a degraded database, checks from two regions with different latency; the JSON, HTML, badge,
 * widget and embed routes with their cache and security headers; and a real headless Chromium
 * (Debian's, driven by playwright-core) rendering the page and a page of another origin that embeds
 * badge, widget and iframe, with no request leaving localhost.
 */
@ExtendWith(ObseraServersExtension.class)
class StatusPageIT {
  static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
  static final String TENANT = "status-" + SUFFIX;
  static final String OTHER = "status-other-" + SUFFIX;
  static final String SLUG = "shop-" + SUFFIX;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  /** What a probe may record as an outage's cause: internal addresses, TLS details. */
  static final String INTERNAL_CAUSE =
      "connect to web.internal.corp (10.20.30.40:8443) failed: PKIX path building failed";

  static ProbeDataFixture f;
  static String key;
  static String otherKey;

  @BeforeAll
  static void start() throws Exception {
    f = new ProbeDataFixture("status");
    key = f.tenantWithKey(TENANT);
    otherKey = f.tenantWithKey(OTHER);
    f.endpoint(TENANT, "api", "Shop API", "shop", List.of());
    f.endpoint(TENANT, "web", "Shop web", "shop", List.of());
    f.endpoint(TENANT, "db", "Database", "data", List.of());
    Instant now = Instant.now();
    Instant from = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(47));
    for (String e : List.of("api", "web", "db")) {
      f.checks(TENANT, e, "eu-west", from, now, Duration.ofMinutes(10), CheckOutcome.UP, 40);
      f.checks(TENANT, e, "us-east", from, now, Duration.ofMinutes(10), CheckOutcome.UP, 120);
    }
    // Yesterday's resolved hour on api; web down since 10 minutes ago (injected now); db slow.
    Instant yesterday = now.minus(Duration.ofHours(26)).truncatedTo(ChronoUnit.MINUTES);
    f.outage(
        TENANT,
        "api",
        Kind.DOWN,
        yesterday.toString(),
        yesterday.plus(Duration.ofHours(1)).toString());
    f.outage(
        TENANT,
        "web",
        Kind.DOWN,
        now.minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS).toString(),
        null,
        INTERNAL_CAUSE);
    f.outage(
        TENANT,
        "db",
        Kind.DEGRADED,
        now.minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.SECONDS).toString(),
        null);
    HttpResponse<String> put =
        f.call(
            "PUT",
            "/api/v1/status-page",
            key,
            "{\"slug\":\""
                + SLUG
                + "\",\"title\":\"Shop <status>\",\"components\":[\"shop\",\"db\"],"
                + "\"public\":true}");
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
  }

  /**
   * A page of a tenant whose endpoint "fresh-api" was created 3 days ago and never answered (every
   * check refused, 10 s each, an outage open since), next to "steady-web", up for months, whose
   * checks answer in 50 ms but one in two fails.
   */
  static String freshPage() throws Exception {
    String tenant = "status-fresh-" + SUFFIX;
    String slug = "fresh-" + SUFFIX;
    String freshKey = f.tenantWithKey(tenant);
    Instant now = Instant.now();
    Instant created = now.truncatedTo(ChronoUnit.HOURS).minus(Duration.ofDays(3));
    f.endpoint(tenant, "fresh-api", "Fresh API", "fresh", created);
    f.endpoint(tenant, "steady-web", "Steady web", "steady", List.of());
    f.checks(
        tenant,
        "fresh-api",
        "eu-west",
        created,
        now,
        Duration.ofMinutes(10),
        CheckOutcome.DOWN,
        null,
        10_000);
    Instant day = now.minus(Duration.ofHours(23));
    f.checks(
        tenant, "steady-web", "eu-west", day, now, Duration.ofMinutes(10), CheckOutcome.UP, 50);
    f.checks(
        tenant,
        "steady-web",
        "eu-west",
        day.plus(Duration.ofMinutes(5)),
        now,
        Duration.ofMinutes(10),
        CheckOutcome.DOWN,
        null,
        10_000);
    f.outage(
        tenant,
        "fresh-api",
        Kind.DOWN,
        created.plus(Duration.ofMinutes(1)).toString(),
        null,
        "connect to fresh.internal (10.0.0.9:443) refused");
    HttpResponse<String> put =
        f.call(
            "PUT",
            "/api/v1/status-page",
            freshKey,
            "{\"slug\":\""
                + slug
                + "\",\"title\":\"Fresh\",\"components\":[\"fresh-api\",\"steady\"],"
                + "\"public\":true}");
    assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
    return slug;
  }

  @Test
  void should_showANewEndpointAsNoDataBeforeItsCreation_latencyOfAnsweredChecks_andNamesOnly()
      throws Exception {
    String slug = freshPage();
    JsonNode page = Json.MAPPER.readTree(get("/status/" + slug + ".json").body());
    JsonNode fresh = page.get("components").get(0);
    assertThat(fresh.get("id").asText()).isEqualTo("Fresh API");
    assertThat(fresh.get("name").asText()).isEqualTo("Fresh API");
    assertThat(fresh.get("endpoints").toString()).isEqualTo("[\"Fresh API\"]");
    // Measured since creation only: down all but its first minute, so close to 0 %.
    assertThat(fresh.get("uptimePercent").asDouble()).isLessThan(1.0);
    JsonNode days = fresh.get("days");
    assertThat(days).hasSize(90);
    for (int d = 0; d < 86; d++) {
      assertThat(days.get(d).get("status").asText()).as("day %d", d).isEqualTo("no_data");
      assertThat(days.get(d).get("uptimePercent").isNull()).as("day %d", d).isTrue();
    }
    assertThat(days.get(87).get("status").asText()).isEqualTo("outage");
    // Never answered: no latency figures, every check counted as failed.
    JsonNode freshLatency = fresh.get("latency").get(0);
    assertThat(freshLatency.get("endpoint").asText()).isEqualTo("Fresh API");
    assertThat(freshLatency.get("p50Ms").isNull()).isTrue();
    assertThat(freshLatency.get("p95Ms").isNull()).isTrue();
    assertThat(freshLatency.get("failedChecks").asLong())
        .isEqualTo(freshLatency.get("checks").asLong())
        .isPositive();
    // Half of steady's checks failed after 10 s: its percentiles are the answered 50 ms.
    JsonNode steady = page.get("components").get(1).get("latency").get(0);
    assertThat(steady.get("endpoint").asText()).isEqualTo("Steady web");
    assertThat(steady.get("p50Ms").asDouble()).isEqualTo(50.0);
    assertThat(steady.get("p95Ms").asDouble()).isEqualTo(50.0);
    assertThat(steady.get("failedChecks").asLong()).isPositive();
    assertThat(steady.get("failedChecks").asLong()).isLessThan(steady.get("checks").asLong());
    JsonNode active = page.get("activeOutages").get(0);
    assertThat(active.get("component").asText()).isEqualTo("Fresh API");
    assertThat(active.get("endpoint").asText()).isEqualTo("Fresh API");
    // Public pages name endpoints, never their internal ids.
    String html = get("/status/" + slug).body();
    for (String body : List.of(page.toString(), html, get("/status/" + slug + "/embed").body())) {
      assertThat(body).doesNotContain("fresh-api").doesNotContain("steady-web");
    }
    assertThat(html).contains("Fresh API").contains("Failed checks").contains("no data");
  }

  @AfterAll
  static void stop() {
    f.close();
  }

  static HttpResponse<String> get(String path, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(f.base + path));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void should_manageTheSettings_withAQueryKey_andKeepSlugsUnique() throws Exception {
    JsonNode page = TestApi.json(f.call("GET", "/api/v1/status-page", key, null));
    assertThat(page.get("slug").asText()).isEqualTo(SLUG);
    assertThat(page.get("public").asBoolean()).isTrue();
    assertThat(page.get("components").toString()).isEqualTo("[\"shop\",\"db\"]");
    HttpResponse<String> taken =
        f.call(
            "PUT",
            "/api/v1/status-page",
            otherKey,
            "{\"slug\":\"" + SLUG + "\",\"title\":\"x\",\"components\":[\"a\"],\"public\":true}");
    assertThat(taken.statusCode()).isEqualTo(409);
    HttpResponse<String> bad =
        f.call(
            "PUT",
            "/api/v1/status-page",
            otherKey,
            "{\"slug\":\"Not A Slug\",\"title\":\"x\",\"components\":[],\"public\":true}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("'slug'").contains("'components'");
    assertThat(f.call("GET", "/api/v1/status-page", otherKey, null).statusCode()).isEqualTo(404);
    assertThat(f.call("GET", "/api/v1/status-page", null, null).statusCode()).isEqualTo(401);
    // A page that is not public is not served; deleting it frees the slug.
    String hidden = "hidden-" + SUFFIX;
    HttpResponse<String> p =
        f.call(
            "PUT",
            "/api/v1/status-page",
            otherKey,
            "{\"slug\":\""
                + hidden
                + "\",\"title\":\"x\",\"components\":[\"a\"],\"public\":false}");
    assertThat(p.statusCode()).as(p.body()).isEqualTo(200);
    assertThat(get("/status/" + hidden).statusCode()).isEqualTo(404);
    assertThat(f.call("DELETE", "/api/v1/status-page", otherKey, null).statusCode()).isEqualTo(204);
    assertThat(f.call("GET", "/api/v1/status-page", otherKey, null).statusCode()).isEqualTo(404);
  }

  @Test
  void should_serveTheStatusAsJson_withCacheHeadersAndEtag() throws Exception {
    HttpResponse<String> r = get("/status/" + SLUG + ".json");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Cache-Control")).contains("public, max-age=30");
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
    String etag = r.headers().firstValue("ETag").orElseThrow();
    JsonNode page = Json.MAPPER.readTree(r.body());
    assertThat(page.get("status").asText()).isEqualTo("outage");
    JsonNode shop = page.get("components").get(0);
    assertThat(shop.get("id").asText()).isEqualTo("shop");
    assertThat(shop.get("kind").asText()).isEqualTo("service");
    assertThat(shop.get("status").asText()).isEqualTo("outage");
    assertThat(shop.get("days")).hasSize(90);
    assertThat(shop.get("uptimePercent").asDouble()).isLessThan(100.0).isGreaterThan(95.0);
    // Days before the first check are grey (no data), not green.
    assertThat(shop.get("days").get(0).get("status").asText()).isEqualTo("no_data");
    JsonNode db = page.get("components").get(1);
    assertThat(db.get("status").asText()).isEqualTo("degraded");
    assertThat(page.get("activeOutages")).hasSize(2);
    assertThat(page.get("activeOutages").get(0).get("endpoint").asText()).isEqualTo("Shop web");
    assertThat(page.get("recentOutages")).hasSize(1);
    assertThat(page.get("recentOutages").get(0).get("minutes").asDouble()).isEqualTo(60.0);
    List<String> regions = new ArrayList<>();
    for (JsonNode l : db.get("latency")) {
      regions.add(l.get("region").asText() + "=" + Math.round(l.get("p50Ms").asDouble()));
    }
    assertThat(regions).containsExactly("eu-west=40", "us-east=120");
    HttpResponse<String> cached = get("/status/" + SLUG + ".json", "If-None-Match", etag);
    assertThat(cached.statusCode()).isIn(200, 304);
    if (cached.statusCode() == 200) {
      // The figures are rounded to 30 s; a boundary was crossed between the two requests.
      assertThat(cached.headers().firstValue("ETag").orElseThrow()).isNotEqualTo(etag);
    } else {
      assertThat(cached.body()).isEmpty();
    }
  }

  @Test
  void should_leaveTheOutageCauseOffThePublicPage_andKeepItInTheApi() throws Exception {
    for (String path : List.of(".json", "", "/embed")) {
      HttpResponse<String> r = get("/status/" + SLUG + path);
      assertThat(r.statusCode()).as(path).isEqualTo(200);
      assertThat(r.body())
          .as(path)
          .doesNotContain("10.20.30.40")
          .doesNotContain("web.internal.corp")
          .doesNotContain("PKIX")
          .doesNotContain("connection refused");
    }
    assertThat(get("/status/" + SLUG).body()).contains("shop / Shop web").contains("ongoing");
    JsonNode page = Json.MAPPER.readTree(get("/status/" + SLUG + ".json").body());
    JsonNode web = page.get("activeOutages").get(0);
    assertThat(web.get("endpoint").asText()).isEqualTo("Shop web");
    assertThat(web.has("cause")).isFalse();
    assertThat(page.get("recentOutages").get(0).has("cause")).isFalse();
    // The tenant's own, authenticated view keeps it.
    HttpResponse<String> api = f.call("GET", "/api/v1/endpoints/web/outages", key, null);
    assertThat(api.statusCode()).as(api.body()).isEqualTo(200);
    assertThat(TestApi.json(api).get("outages").get(0).get("cause").asText())
        .isEqualTo(INTERNAL_CAUSE);
  }

  @Test
  void should_serveHtmlBadgeWidgetAndEmbed_withTheirHeaders_and404ForUnknownSlugs()
      throws Exception {
    HttpResponse<String> html = get("/status/" + SLUG);
    assertThat(html.statusCode()).isEqualTo(200);
    assertThat(html.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
    assertThat(html.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("default-src 'none'")
        .contains("frame-ancestors 'none'");
    assertThat(html.headers().firstValue("X-Frame-Options")).contains("DENY");
    assertThat(html.body())
        .contains("Shop &lt;status&gt;")
        .doesNotContain("<status>")
        .doesNotContain("<script")
        .doesNotContain("stylesheet")
        .doesNotContain("http://")
        .doesNotContain("https://");
    HttpResponse<String> embed = get("/status/" + SLUG + "/embed");
    assertThat(embed.statusCode()).isEqualTo(200);
    assertThat(embed.headers().firstValue("X-Frame-Options")).isEmpty();
    assertThat(embed.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("frame-ancestors *");
    HttpResponse<String> badge = get("/status/" + SLUG + "/badge.svg");
    assertThat(badge.headers().firstValue("Content-Type").orElse("")).startsWith("image/svg+xml");
    assertThat(badge.headers().firstValue("Cache-Control")).contains("public, max-age=30");
    assertThat(badge.body()).contains(">status<").contains(">outage<").contains("#d03b3b");
    HttpResponse<String> widget = get("/status/" + SLUG + "/widget.js");
    assertThat(widget.headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/javascript");
    assertThat(widget.body()).contains("currentScript").contains("'.json'");
    long[] millis = new long[50];
    for (int i = 0; i < millis.length; i++) {
      long t0 = System.nanoTime();
      assertThat(get("/status/" + SLUG).statusCode()).isEqualTo(200);
      millis[i] = (System.nanoTime() - t0) / 1_000_000;
    }
    java.util.Arrays.sort(millis);
    System.out.printf(
        "status page HTML: %d requests, median %d ms, max %d ms%n",
        millis.length, millis[millis.length / 2], millis[millis.length - 1]);
    for (String path : List.of("", ".json", "/badge.svg", "/widget.js", "/embed")) {
      assertThat(get("/status/nope-" + SUFFIX + path).statusCode()).as(path).isEqualTo(404);
    }
  }

  @Test
  void should_renderInARealBrowser_showingTheInjectedOutage_withoutLeavingLocalhost()
      throws Exception {
    Path out = Path.of("target", "status-browser").toAbsolutePath();
    HttpServer host = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    String status = f.base + "/status/" + SLUG;
    byte[] hostPage =
        ("<!doctype html><html><head><meta charset=\"utf-8\"><link rel=\"icon\" href=\"data:,\"><title>Acme</title></head><body>"
                + "<h1>Acme shop</h1><p><img id=\"badge\" alt=\"status\" src=\""
                + status
                + "/badge.svg\"></p><script src=\""
                + status
                + "/widget.js\"></script><p><iframe id=\"embed\" width=\"640\" height=\"420\""
                + " src=\""
                + status
                + "/embed\"></iframe></p></body></html>")
            .getBytes(StandardCharsets.UTF_8);
    host.createContext(
        "/",
        ex -> {
          ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
          ex.sendResponseHeaders(200, hostPage.length);
          ex.getResponseBody().write(hostPage);
          ex.close();
        });
    host.start();
    String hostUrl = "http://127.0.0.1:" + host.getAddress().getPort() + "/";
    JsonNode seen;
    try {
      seen =
          BrowserScripts.run(
              getClass(), "status-browser.cjs", out, Duration.ofMinutes(2), status, hostUrl);
    } finally {
      host.stop(0);
    }
    assertThat(seen.get("overall").asText()).isEqualTo("Outage");
    assertThat(seen.get("components").get(0).get("status").asText()).isEqualTo("outage");
    assertThat(seen.get("components").get(0).get("bars").asInt()).isEqualTo(90);
    assertThat(seen.get("active").toString()).contains("web").contains("ongoing");
    assertThat(seen.get("regions").toString()).contains("eu-west").contains("us-east");
    assertThat(seen.get("widget").toString()).isEqualTo("[\"outage\",\"outage\",\"degraded\"]");
    assertThat(seen.get("badge").get("complete").asBoolean()).isTrue();
    assertThat(seen.get("badge").get("width").asInt()).isPositive();
    assertThat(seen.get("embed").get("overall").asText()).isEqualTo("Outage");
    assertThat(seen.get("embed").get("components").asInt()).isEqualTo(2);
    assertThat(seen.get("consoleErrors")).as(seen.get("failed").toString()).isEmpty();
    assertThat(seen.get("failed")).isEmpty();
    List<String> requests = new ArrayList<>();
    seen.get("requests").forEach(r -> requests.add(r.asText()));
    assertThat(requests)
        .anyMatch(u -> u.endsWith("/status/" + SLUG + ".json"))
        .allMatch(u -> u.startsWith("http://127.0.0.1:"), "every request stays on localhost");
    assertThat(out.resolve("status-page.png")).isNotEmptyFile();
    assertThat(out.resolve("status-embedded.png")).isNotEmptyFile();
  }
}
