package io.obsera.standalone;

import static io.obsera.standalone.ReadFixture.api;
import static io.obsera.standalone.ReadFixture.obsera;
import static io.obsera.standalone.ReadFixture.scenario;
import static io.obsera.standalone.ReadFixture.tenantA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.testing.BrowserScripts;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.TestApi;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The web UI's stories in a real browser (Debian's Chromium driven by playwright-core, every
 * control found by role and accessible name) against a standalone runtime fed by the OpenTelemetry
 * SDK ({@link ReadFixture}): the first admin is created through the invite API and signs in through
 * the UI's login form; then a trace found by search, a log followed to its trace, a metric's spike
 * clicked into correlation and on to the trace, a browser key made on Get started, and a service
 * with its timeline; axe-core on every page it passes (no serious or critical violation). One
 * runtime and one browser for all stories ({@code web-ui-stories.cjs}); a screenshot per story in
 * {@code target/web-ui-stories/}.
 */
@ExtendWith({ObseraServersExtension.class, ReadFixture.Lifecycle.class})
class WebUiStoriesIT {
  static final String EMAIL = "first-admin@example.com";
  static final String PASSWORD = "correct horse battery staple";
  static final Path OUT = Path.of("target", "web-ui-stories").toAbsolutePath();

  /** What the browser saw: {@code stories.<name>.{ok, error, ms, seen}}, console errors. */
  static JsonNode run;

  @BeforeAll
  static void runStories() throws Exception {
    firstAdmin();
    long t0 = System.nanoTime();
    run =
        BrowserScripts.run(
            WebUiStoriesIT.class,
            "web-ui-stories.cjs",
            OUT,
            Duration.ofMinutes(5),
            api,
            EMAIL,
            PASSWORD);
    System.out.printf(
        "web UI stories: %d ms in the browser: %s%n", (System.nanoTime() - t0) / 1_000_000, run);
  }

  /** The operator's bootstrap invite for the tenant, accepted with a name and a password. */
  static void firstAdmin() throws Exception {
    invitedAdmin(EMAIL, "First Admin");
  }

  /** An admin of the read tenant through the operator's bootstrap invite, accepted. */
  static void invitedAdmin(String email, String name) throws Exception {
    HttpResponse<String> invite =
        TestApi.call(
            "POST",
            api + "/api/v1/admin/tenants/" + tenantA + "/invites",
            obsera.adminToken(),
            "{\"email\":\"" + email + "\",\"role\":\"ADMIN\"}");
    assertThat(invite.statusCode()).as(invite.body()).isEqualTo(201);
    String url = TestApi.json(invite).get("inviteUrl").asText();
    String token = url.substring(url.lastIndexOf('/') + 1);
    HttpResponse<String> accepted =
        TestApi.call(
            "POST",
            api + "/api/v1/invites/" + token + "/accept",
            null,
            "{\"name\":\"" + name + "\",\"password\":\"" + PASSWORD + "\"}");
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
  }

  /** The story's result after asserting it passed, with the browser's error if it did not. */
  static JsonNode story(String name) throws Exception {
    JsonNode s = run.get("stories").get(name);
    assertThat(s.get("ok").asBoolean()).as("%s: %s", name, s).isTrue();
    assertThat(OUT.resolve(name + ".png")).isNotEmptyFile();
    return s.get("seen");
  }

  /** The scenario's points fall in one bucket: its chart spans minutes, not years around it. */
  static void assertMinutesOnTheTimeAxis(JsonNode seen) {
    assertThat(seen.get("xSeconds").asDouble()).isPositive().isLessThanOrEqualTo(3600);
  }

  @Test
  void should_signInThroughTheLoginForm_afterAcceptingTheInvite() throws Exception {
    JsonNode seen = story("signIn");
    assertThat(seen.get("loginUrl").asText()).isEqualTo("/login");
    assertThat(seen.get("path").asText()).isEqualTo("/services");
    assertThat(seen.get("signOut").asInt()).isEqualTo(1);
  }

  @Test
  void should_findTheSpikeTracesBySearch_andOpenAWaterfall() throws Exception {
    JsonNode seen = story("traceSearch");
    assertThat(seen.get("rows").asInt()).isEqualTo(ReadScenario.SPIKE_TRACES);
    assertThat(seen.get("search").asText())
        .contains("service=checkout")
        .contains("minDuration=500ms")
        .contains("status=error");
    assertThat(seen.get("traceId").asText()).isIn(scenario.spikeTraces);
    assertThat(seen.get("spans").asInt()).isPositive();
  }

  @Test
  void should_followALogToItsTrace() throws Exception {
    JsonNode seen = story("logToTrace");
    assertThat(seen.get("rows").asInt()).isEqualTo(ReadScenario.SPIKE_TRACES);
    assertThat(seen.get("traceId").asText()).isIn(scenario.spikeTraces);
  }

  @Test
  void should_clickAMetricSpike_intoCorrelation_andOnToItsTrace() throws Exception {
    JsonNode seen = story("metricSpike");
    assertThat(seen.get("spikeValue").asDouble()).isGreaterThan(ReadScenario.CALM_MS);
    assertMinutesOnTheTimeAxis(seen);
    assertThat(seen.get("exemplars").asInt()).isPositive();
    assertThat(seen.get("traceId").asText()).isIn(scenario.spikeTraces);
  }

  @Test
  void should_createABrowserKeyOnGetStarted_thatIngestsOnlyFromTheTypedOrigin() throws Exception {
    JsonNode seen = story("getStarted");
    String key = seen.get("key").asText();
    // what was typed is in the URL (a link to the view), the key never is
    assertThat(seen.get("search").asText())
        .startsWith("?platform=browser")
        .contains("service=shop")
        .contains("origin=https%3A%2F%2Fshop.example")
        .doesNotContain(key);
    assertThat(seen.get("snippet").asText())
        .contains("Bearer " + key)
        .contains("'service.name': 'shop'");
    assertThat(seen.get("firstData").asText()).startsWith("First data received from");
    // the key the page showed is a browser key of the tenant, bound to the origin typed there
    JsonNode made =
        TestApi.json(
            TestApi.call(
                "GET",
                api + "/api/v1/admin/tenants/" + tenantA + "/keys",
                obsera.adminToken(),
                null));
    JsonNode shop = null;
    for (JsonNode k : made) {
      if ("shop browser key".equals(k.path("name").asText())) {
        shop = k;
      }
    }
    assertThat(shop).as("the key in %s", made).isNotNull();
    assertThat(shop.get("scopes").toString()).isEqualTo("[\"browser\"]");
    assertThat(shop.get("origins").toString()).isEqualTo("[\"https://shop.example\"]");
    StandaloneApi ingest = new StandaloneApi(obsera, null);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> assertThat(ingest.ingestFrom("https://shop.example", key)).isEqualTo(200));
    assertThat(ingest.ingestFrom("https://evil.example", key)).isEqualTo(403);
  }

  @Test
  void should_openAServiceAndItsTimeline() throws Exception {
    JsonNode seen = story("serviceTimeline");
    assertMinutesOnTheTimeAxis(seen);
    assertThat(seen.get("rows").asInt()).isGreaterThan(1);
    assertThat(seen.get("kinds").asText()).contains("span").contains("log");
  }

  @Test
  void should_haveNoSeriousOrCriticalAxeViolations_onEveryPageOfPartOne() throws Exception {
    story("accountSecurity");
    JsonNode axe = run.get("axe");
    List<String> pages = new ArrayList<>();
    axe.fieldNames().forEachRemaining(pages::add);
    assertThat(pages)
        .containsExactlyInAnyOrder(
            "login",
            "services",
            "traces",
            "trace",
            "logs",
            "metrics",
            "get-started",
            "service",
            "timeline",
            "account-security");
    axe.fields()
        .forEachRemaining(
            page -> assertThat(page.getValue()).as("axe on %s", page.getKey()).isEmpty());
  }

  @Test
  void should_failNoRequest_andLogNoError_butTheSessionCheckBeforeSignIn() {
    // Before sign-in the UI asks /api/v1/me, gets 401 and goes to /login; nothing else fails.
    List<String> failed = new ArrayList<>();
    run.get("failed").forEach(e -> failed.add(e.asText()));
    assertThat(failed).allMatch(f -> f.matches("signIn: 401 .*/api/v1/me"), "only the 401 of /me");
    List<String> errors = new ArrayList<>();
    run.get("consoleErrors").forEach(e -> errors.add(e.asText()));
    assertThat(errors)
        .as("failed requests: %s", failed)
        .allMatch(e -> e.startsWith("signIn: Failed to load resource") && e.contains("401"));
    assertThat(run.get("offsite")).as("requests off the runtime").isEmpty();
  }
}
