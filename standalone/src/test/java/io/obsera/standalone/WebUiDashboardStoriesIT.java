package io.obsera.standalone;

import static io.obsera.standalone.ReadFixture.api;
import static io.obsera.standalone.ReadFixture.keyA;
import static io.obsera.standalone.ReadFixture.obsera;
import static io.obsera.standalone.ReadFixture.tenantA;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.testing.BrowserScripts;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.SystemPackages;
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
 * The dashboard builder in a real browser ({@code web-ui-dashboard-stories.cjs}, the same Chromium
 * and playwright-core as {@link WebUiStoriesIT}) against the {@link ReadFixture} runtime: an editor
 * of its own signs in, builds a dashboard of a logs panel and a metric panel, moves and resizes
 * them with real mouse drags, saves and reloads; the layout is read back from the page and from the
 * API. axe-core audits the list, the dashboard and the panel editor. Screenshots in {@code
 * target/web-ui-dashboard-stories/}.
 */
@ExtendWith({ObseraServersExtension.class, ReadFixture.Lifecycle.class})
class WebUiDashboardStoriesIT {
  static final String EMAIL = "dashboard-editor@example.com";
  static final String PASSWORD = "a dashboard of one's own";
  static final String AXE_CORE_VERSION = "4.14.1";
  static final Path OUT = Path.of("target", "web-ui-dashboard-stories").toAbsolutePath();

  static JsonNode run;

  @BeforeAll
  static void runStories() throws Exception {
    invite();
    Path axe =
        SystemPackages.npm(
                Path.of(System.getProperty("user.home"), ".cache", "obsera", "node-tools"),
                "axe-core",
                AXE_CORE_VERSION)
            .resolve("axe.min.js");
    long t0 = System.nanoTime();
    run =
        BrowserScripts.run(
            WebUiDashboardStoriesIT.class,
            "web-ui-dashboard-stories.cjs",
            OUT,
            Duration.ofMinutes(3),
            api,
            EMAIL,
            PASSWORD,
            axe.toString());
    System.out.printf(
        "web UI dashboard stories: %d ms in the browser: %s%n",
        (System.nanoTime() - t0) / 1_000_000, run);
  }

  /** An editor of the tenant of its own, invited by the operator (as WebUiStoriesIT's admin). */
  static void invite() throws Exception {
    HttpResponse<String> invite =
        TestApi.call(
            "POST",
            api + "/api/v1/admin/tenants/" + tenantA + "/invites",
            obsera.adminToken(),
            "{\"email\":\"" + EMAIL + "\",\"role\":\"EDITOR\"}");
    assertThat(invite.statusCode()).as(invite.body()).isEqualTo(201);
    String url = TestApi.json(invite).get("inviteUrl").asText();
    HttpResponse<String> accepted =
        TestApi.call(
            "POST",
            api + "/api/v1/invites/" + url.substring(url.lastIndexOf('/') + 1) + "/accept",
            null,
            "{\"name\":\"Dashboard Editor\",\"password\":\"" + PASSWORD + "\"}");
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
  }

  static JsonNode story(String name) {
    JsonNode s = run.get("stories").get(name);
    assertThat(s.get("ok").asBoolean()).as("%s: %s", name, s).isTrue();
    return s.get("seen");
  }

  static String layout(JsonNode l) {
    return l.get("x") + "," + l.get("y") + "," + l.get("w") + "," + l.get("h");
  }

  @Test
  void should_keepTheLayoutOfTwoPanelsDraggedAndResized_afterSaveAndReload() throws Exception {
    story("signIn");
    JsonNode seen = story("buildDashboard");
    assertThat(OUT.resolve("dashboard.png")).isNotEmptyFile();
    // placed one under the other, then dragged beside each other and made 2 rows taller
    assertThat(layout(seen.at("/before/timeouts"))).isEqualTo("0,0,6,4");
    assertThat(layout(seen.at("/before/checkout-latency"))).isEqualTo("0,4,6,4");
    assertThat(layout(seen.at("/dragged/timeouts"))).isEqualTo("0,0,6,6");
    assertThat(layout(seen.at("/dragged/checkout-latency"))).isEqualTo("6,0,6,6");
    assertThat(seen.get("reloaded")).isEqualTo(seen.get("dragged"));
    // the API has what the page draws, each panel of its kind
    JsonNode stored =
        TestApi.json(
            TestApi.call("GET", api + "/api/v1/dashboards/" + seen.get("id").asText(), keyA, null));
    List<String> panels = new ArrayList<>();
    stored
        .get("panels")
        .forEach(
            p ->
                panels.add(
                    p.get("id").asText()
                        + " "
                        + p.get("kind").asText()
                        + " "
                        + layout(p.get("layout"))));
    assertThat(panels).containsExactly("timeouts logs 0,0,6,6", "checkout-latency metric 6,0,6,6");
    assertThat(stored.at("/panels/1/metric/name").asText()).isEqualTo(ReadScenario.METRIC);
    // the logs panel lists the scenario's timeouts of checkout (SQL panel runs need the tenant's
    // ClickHouse reader, which the shared test server cannot create: DashboardsRestartIT runs them)
    assertThat(seen.get("logs").asInt()).isEqualTo(ReadScenario.SPIKE_TRACES);
    assertThat(stored.at("/panels/0/query").asText()).isEqualTo("timeout");
    assertThat(seen.get("ms").asLong()).isLessThan(60_000);
  }

  @Test
  void should_haveNoSeriousOrCriticalAxeViolations_onTheDashboardPages() {
    JsonNode axe = run.get("axe");
    for (String page : List.of("list", "editor", "dashboard")) {
      assertThat(axe.get(page)).as("axe-core on %s: %s", page, axe.get(page)).isNotNull().isEmpty();
    }
  }

  @Test
  void should_failNoRequest_andLogNoError_butTheSessionCheckBeforeSignIn() {
    List<String> failed = new ArrayList<>();
    run.get("failed").forEach(e -> failed.add(e.asText()));
    assertThat(failed).allMatch(f -> f.matches("signIn: 401 .*/api/v1/me"), "only the 401 of /me");
    List<String> errors = new ArrayList<>();
    run.get("consoleErrors").forEach(e -> errors.add(e.asText()));
    assertThat(errors)
        .as("failed requests: %s", failed)
        .allMatch(e -> e.startsWith("signIn: Failed to load resource") && e.contains("401"));
  }
}
