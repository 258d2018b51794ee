package io.obsera.standalone;

import static io.obsera.standalone.ReadFixture.api;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.obsera.identity.Totp;
import io.obsera.testing.BrowserScripts;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.SystemPackages;
import io.obsera.testing.TestApi;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Uptime and Settings pages in a real browser (issue 20) against the read runtime ({@link
 * ReadFixture}, shared with the other read ITs; its probes may check every second and reach
 * 127.0.0.1): an admin of their own, invited like {@link WebUiStoriesIT}'s first admin, adds an
 * endpoint on an HTTP server of this test (after the SSRF rule refused the cloud metadata address)
 * and sees its checks and uptime arrive, saves a status page and sees its preview, reads the SLA
 * report and its PDF, makes and revokes a key, filters the audit log, gets a field error on
 * General; then invites a viewer, who signs in through the invite and finds no edit control. The
 * admin then sets up OpenID Connect on Settings → Sign-in (a refused issuer first), requires
 * two-step sign-in and enrols an authenticator app on Account security (the code computed from the
 * otpauth URI shown). axe-core runs on every page, and on the password reset, not-found, rule list
 * and SLO, rule and channel edit pages no other story audits; screenshots in {@code
 * target/web-ui-uptime-settings-stories/}.
 */
@ExtendWith({ObseraServersExtension.class, ReadFixture.Lifecycle.class})
class WebUiUptimeSettingsStoriesIT {
  static final String EMAIL = "uptime-admin@example.com";
  static final String PASSWORD = WebUiStoriesIT.PASSWORD;
  static final String AXE_VERSION = "4.14.1";
  static final Path OUT = Path.of("target", "web-ui-uptime-settings-stories").toAbsolutePath();

  /** Path, id, body of the records whose edit pages the story audits (deleted last first). */
  static final String[][] RECORDS = {
    {
      "/api/v1/slos",
      "ui-story-slo",
      "{\"id\":\"ui-story-slo\",\"name\":\"UI story SLO\",\"kind\":\"AVAILABILITY\","
          + "\"service\":\"ui-story-silent\",\"spanKind\":\"SERVER\",\"objective\":0.99,"
          + "\"period\":\"ROLLING_30D\"}"
    },
    {
      "/api/v1/alert-rules",
      "ui-story-burn",
      "{\"id\":\"ui-story-burn\",\"name\":\"UI story burn\",\"kind\":\"BURN_RATE\","
          + "\"sloId\":\"ui-story-slo\"}"
    },
    {
      "/api/v1/channels",
      "ui-story-hook",
      "{\"id\":\"ui-story-hook\",\"name\":\"UI story hook\","
          + "\"channel\":{\"type\":\"WEBHOOK\",\"url\":\"{target}\","
          + "\"secret\":\"whsec-ui-story-0123456789\"}}"
    },
  };

  static HttpServer shop;
  static JsonNode run;

  @BeforeAll
  static void runStories() throws Exception {
    shop = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    shop.createContext(
        "/",
        exchange -> {
          byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    shop.start();
    WebUiStoriesIT.invitedAdmin(EMAIL, "Uptime Admin");
    String target = "http://127.0.0.1:" + shop.getAddress().getPort() + "/health";
    // an SLO (of a service that sends nothing), a rule on it and a channel: their edit pages
    for (String[] made : RECORDS) {
      HttpResponse<String> r =
          TestApi.call(
              "POST", api + made[0], ReadFixture.keyA, made[2].replace("{target}", target));
      assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }
    // the read ITs query the scenario's window (to 120 s after its start): the probe checks of
    // this story's endpoint, spans of the read tenant too, come after it whatever the IT order
    long windowEndMs = ReadFixture.scenario.startNanos / 1_000_000 + 125_000;
    Thread.sleep(Math.max(0, windowEndMs - System.currentTimeMillis()));
    SystemPackages.npm(
        Path.of(System.getProperty("user.home"), ".cache", "obsera", "node-tools"),
        "axe-core",
        AXE_VERSION);
    long t0 = System.nanoTime();
    run =
        BrowserScripts.run(
            WebUiUptimeSettingsStoriesIT.class,
            "web-ui-uptime-settings-stories.cjs",
            OUT,
            Duration.ofMinutes(4),
            api,
            EMAIL,
            PASSWORD,
            target,
            UUID.randomUUID().toString().substring(0, 8));
    System.out.printf(
        "uptime and settings stories: %d ms in the browser: %s%n",
        (System.nanoTime() - t0) / 1_000_000, run);
  }

  /**
   * Stops probing the story's endpoint and deletes the records it made (the runtime goes on for the
   * other read ITs; the script gives the tenant its sign-in back as the admin: API keys may not
   * change it).
   */
  @AfterAll
  static void stopShop() throws Exception {
    for (int i = RECORDS.length - 1; i >= 0; i--) {
      String record = api + RECORDS[i][0] + "/" + RECORDS[i][1];
      assertThat(TestApi.call("DELETE", record, ReadFixture.keyA, null).statusCode())
          .as(record)
          .isIn(204, 404);
    }
    assertThat(
            TestApi.call("DELETE", api + "/api/v1/endpoints/local-shop", ReadFixture.keyA, null)
                .statusCode())
        .isIn(204, 404);
    if (shop != null) {
      shop.stop(0);
    }
  }

  static JsonNode story(String name) {
    JsonNode s = run.get("stories").get(name);
    assertThat(s.get("ok").asBoolean()).as("%s: %s", name, s).isTrue();
    assertThat(OUT.resolve(name + ".png")).isNotEmptyFile();
    return s.get("seen");
  }

  @Test
  void should_refuseTheMetadataAddress_thenShowALocalEndpointsChecksAndUptime() {
    JsonNode seen = story("addEndpoint");
    assertThat(seen.get("ssrfError").asText()).contains("169.254.169.254");
    assertThat(seen.get("ssrfRule").asInt()).isEqualTo(1);
    assertThat(seen.get("regions"))
        .extracting(JsonNode::asText)
        .containsExactly("eu-west", "us-east");
    assertThat(seen.get("chart").asInt()).isEqualTo(1);
    assertThat(seen.get("barCount").asInt()).isEqualTo(90);
    assertThat(seen.get("greyBars").asInt())
        .as("the days before the endpoint existed have no data")
        .isEqualTo(89);
    assertThat(seen.get("bars").asText()).contains("89 days without data");
  }

  @Test
  void should_saveAStatusPage_andPreviewItWithItsSnippets() {
    JsonNode seen = story("statusPage");
    assertThat(seen.get("search").asText()).isEqualTo("?view=status-page");
    assertThat(seen.get("badge").asText()).contains(api + "/status/uptime-story-");
    assertThat(seen.get("embed").asText()).contains("/embed\"");
  }

  @Test
  void should_listTheEndpointInTheMonthsSla_withItsPdf() {
    JsonNode seen = story("slaReport");
    assertThat(seen.get("pdfHref").asText()).matches("/api/v1/sla/\\d{4}-\\d{2}\\.pdf");
    assertThat(seen.get("pdfType").asText()).startsWith("application/pdf");
    assertThat(seen.get("pdfStart").asText()).isEqualTo("%PDF-");
  }

  @Test
  void should_showANewKeyOnce_andRevokeItAfterConfirming() {
    JsonNode seen = story("keys");
    assertThat(seen.get("secret").asText()).isNotBlank();
    assertThat(seen.get("copy").asInt()).isEqualTo(1);
    assertThat(seen.get("revoked").asBoolean()).isTrue();
  }

  @Test
  void should_filterTheAuditLogByAction_inTheUrl() {
    JsonNode seen = story("auditLog");
    assertThat(seen.get("search").asText()).contains("action=PUT");
    assertThat(seen.get("rows").asInt()).isPositive();
    assertThat(seen.get("csv").asText()).contains("format=csv").contains("action=PUT");
  }

  @Test
  void should_showTheApisZoneErrorNextToTheField_andTheRetentionBound() {
    JsonNode seen = story("general");
    assertThat(seen.get("zoneError").asText()).contains("timeZone").contains("Mars/Olympus");
    assertThat(seen.get("retentionHint").asText()).contains("1 to 90 days");
  }

  @Test
  void should_showAnInvitedViewerNoEditControls() {
    JsonNode seen = story("inviteViewer");
    assertThat(seen.get("linkShown").asBoolean()).isTrue();
    assertThat(seen.get("addButtons").asInt()).isZero();
    assertThat(seen.get("editButtons").asInt()).isZero();
    assertThat(seen.get("saveStatusPage").asInt()).isZero();
    assertThat(seen.get("zoneReadOnly").asBoolean()).isTrue();
    assertThat(seen.get("saveSettings").asInt()).isZero();
    assertThat(seen.get("membersNote").asText()).contains("Only admins");
    assertThat(seen.get("inviteForms").asInt()).isZero();
  }

  @Test
  void should_showTheIssuersErrorNextToIt_thenKeepOidcAndTheMfaPolicy_butNeverShowTheSecret() {
    JsonNode seen = story("signInSettings");
    assertThat(seen.get("issuerError").asText()).contains("oidc.issuer").contains("http(s) URL");
    assertThat(seen.get("issuer").asText()).isEqualTo("https://idp.example.com/realms/story");
    assertThat(seen.get("clientId").asText()).isEqualTo("obsera-story");
    assertThat(seen.get("secretValue").asText()).isEmpty();
    assertThat(seen.get("secretHint").asText()).contains("A secret is stored and never shown");
    assertThat(seen.get("secretInPage").asBoolean())
        .as("the secret anywhere in the page")
        .isFalse();
    assertThat(seen.get("mfaRequired").asBoolean()).isTrue();
    assertThat(seen.get("redirectUri").asText()).isEqualTo(api + "/api/v1/auth/oidc/callback");
    assertThat(seen.get("samlMetadataShown").asInt())
        .as("SAML metadata URL without a public URL")
        .isZero();
    assertThat(seen.get("samlNeedsPublicUrl").asInt()).isEqualTo(1);
    assertThat(seen.get("notFound").asText()).isEqualTo("Page not found");
  }

  @Test
  void should_giveTheTenantItsSignInBack_afterTheStories() {
    assertThat(run.at("/restored/policy").asInt()).as("%s", run.get("restored")).isEqualTo(200);
    assertThat(run.at("/restored/sso").asInt()).as("%s", run.get("restored")).isEqualTo(204);
  }

  @Test
  void should_enrolAnAuthenticatorApp_fromItsQrCodeAndFirstCode() {
    JsonNode seen = story("accountSecurity");
    assertThat(seen.get("setUpWidth").asDouble())
        .as("the set-up button is as wide as its text, not the page")
        .isLessThan(seen.get("pageWidth").asDouble() / 2);
    assertThat(seen.get("recoveryCodes").asInt()).isEqualTo(10);
    assertThat(seen.get("codesShownAfter").asInt()).isEqualTo(10);
    // the code the story typed is the identity module's code for the URI's secret at that step
    String query = URI.create(seen.get("otpauthUri").asText()).getQuery();
    String secret = query.replaceAll(".*(?:^|&)secret=([A-Z2-7]+).*", "$1");
    assertThat(seen.get("code").asText())
        .isEqualTo(Totp.code(Totp.fromBase32(secret), seen.get("step").asLong()));
    assertThat(seen.get("enabled").asText()).contains("10 recovery codes left");
  }

  @Test
  void should_haveNoSeriousOrCriticalAxeViolation_onAnyPage() {
    List<String> pages = new ArrayList<>();
    run.get("axe").fieldNames().forEachRemaining(pages::add);
    assertThat(pages)
        .contains(
            "uptime",
            "endpoint",
            "status-page",
            "sla",
            "keys",
            "audit",
            "general",
            "members",
            "viewer-uptime",
            "viewer-settings",
            "invite",
            "password-reset",
            "password-reset-token",
            "not-found",
            "slo-edit",
            "rules",
            "rule-edit",
            "channel-edit",
            "sign-in-error",
            "sign-in",
            "account-security-off",
            "account-security-enrol",
            "account-security-on");
    run.get("axe")
        .fields()
        .forEachRemaining(
            e -> assertThat(e.getValue()).as("axe on %s: %s", e.getKey(), e.getValue()).isEmpty());
  }

  @Test
  void should_failNoRequest_butTheRefusalsTheStoriesMake() {
    // before each sign-in /api/v1/me is 401, the refused metadata address, the unknown zone and
    // the refused issuer answer 400 on purpose, and the status page and single sign-on are 404
    // until saved; the browser logs those as failed loads and nothing else
    List<String> failed = new ArrayList<>();
    run.get("failed").forEach(e -> failed.add(e.asText()));
    assertThat(failed)
        .allMatch(
            f ->
                f.matches(
                    "signIn: 401 .*/api/v1/me"
                        + "|addEndpoint: 400 .*/api/v1/endpoints/local-shop"
                        + "|general: 400 .*/api/v1/settings"
                        + "|statusPage: 404 .*/api/v1/status-page"
                        + "|inviteViewer: 401 .*/api/v1/me"
                        + "|signInSettings: 401 .*/api/v1/me"
                        + "|signInSettings: 40[04] .*/api/v1/sso"),
            "only the refusals the stories make");
    List<String> errors = new ArrayList<>();
    run.get("consoleErrors").forEach(e -> errors.add(e.asText()));
    assertThat(errors)
        .as("failed requests: %s", failed)
        .allMatch(e -> e.contains("Failed to load resource") && e.matches(".*\\b40[014]\\b.*"));
  }
}
