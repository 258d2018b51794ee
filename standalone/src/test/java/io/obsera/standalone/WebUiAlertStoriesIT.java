package io.obsera.standalone;

import static io.obsera.standalone.ReadFixture.api;
import static io.obsera.standalone.ReadFixture.obsera;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.alert.AlertEvent;
import io.obsera.model.alert.AlertSource;
import io.obsera.model.alert.AlertState;
import io.obsera.model.alert.Severity;
import io.obsera.testing.BrowserScripts;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.OtelSdkClient;
import io.obsera.testing.SharedServers;
import io.obsera.testing.SystemPackages;
import io.obsera.testing.TestApi;
import io.obsera.testing.TestControlKeys;
import io.opentelemetry.api.trace.SpanKind;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The SLO and alert pages in a real browser ({@code web-ui-alert-stories.cjs}, the stack of {@link
 * WebUiStoriesIT}) on the runtime the read ITs share ({@link ReadFixture}), in a tenant of its own
 * so nothing they assert on changes: an SLO created on its page draws its budget from spans sent
 * meanwhile; an alert event put on {@code obsera.alerts.events} is delivered by the worker to a
 * routed webhook (its page lists the delivery) and silenced from the alert list; a webhook channel
 * made on its form gets a test at a local receiver. axe-core runs on every page. Screenshots in
 * {@code target/web-ui-alert-stories/}.
 */
@ExtendWith({ObseraServersExtension.class, ReadFixture.Lifecycle.class})
class WebUiAlertStoriesIT {
  static final String EMAIL = "alert-stories@example.com";
  static final String PASSWORD = "correct horse battery staple";
  static final Path OUT = Path.of("target", "web-ui-alert-stories").toAbsolutePath();
  static final String AXE_VERSION = "4.14.1";

  static String tenant;
  static String key;
  static SignedWebhookReceiver receiver;
  static SignedWebhookReceiver alertHook;
  static JsonNode run;

  @BeforeAll
  static void runStories() throws Exception {
    tenant = "ui-alerts-" + UUID.randomUUID().toString().substring(0, 8);
    key = ReadFixture.tenantKey(tenant);
    member();
    alertHook = new SignedWebhookReceiver("whsec-ui-story-alerts-0123456789");
    routeAlertsTo(alertHook.url());
    fireAlert();
    receiver = new SignedWebhookReceiver("whsec-ui-story-0123456789");
    SystemPackages.npm(
        Path.of(System.getProperty("user.home"), ".cache", "obsera", "node-tools"),
        "axe-core",
        AXE_VERSION);
    AtomicBoolean sending = new AtomicBoolean(true);
    Thread spans = new Thread(() -> sendSpans(sending), "ui-shop-spans");
    spans.start();
    long t0 = System.nanoTime();
    try {
      run =
          BrowserScripts.run(
              WebUiAlertStoriesIT.class,
              "web-ui-alert-stories.cjs",
              OUT,
              Duration.ofMinutes(4),
              api,
              EMAIL,
              PASSWORD,
              receiver.url());
    } finally {
      sending.set(false);
      spans.join();
    }
    System.out.printf(
        "web UI alert stories: %d ms in the browser: %s%n",
        (System.nanoTime() - t0) / 1_000_000, run);
  }

  @AfterAll
  static void stopReceiver() {
    if (receiver != null) {
      receiver.close();
    }
    if (alertHook != null) {
      alertHook.close();
    }
  }

  /** The tenant's alerts go to a webhook channel at once (no group wait). */
  static void routeAlertsTo(String url) throws Exception {
    HttpResponse<String> channel =
        TestApi.call(
            "POST",
            api + "/api/v1/channels",
            key,
            "{\"id\":\"story-hook\",\"name\":\"Story hook\",\"channel\":{\"type\":\"WEBHOOK\","
                + "\"url\":\""
                + url
                + "\",\"secret\":\"whsec-ui-story-alerts-0123456789\"}}");
    assertThat(channel.statusCode()).as(channel.body()).isEqualTo(201);
    HttpResponse<String> routing =
        TestApi.call(
            "PUT",
            api + "/api/v1/alert-routing",
            key,
            "{\"routes\":[],\"defaultChannels\":[\"story-hook\"],\"groupWaitMs\":0}");
    assertThat(routing.statusCode()).as(routing.body()).isEqualTo(200);
  }

  /** An admin of the tenant through the operator's invite, as {@link WebUiStoriesIT} does. */
  static void member() throws Exception {
    HttpResponse<String> invite =
        TestApi.call(
            "POST",
            api + "/api/v1/admin/tenants/" + tenant + "/invites",
            obsera.adminToken(),
            "{\"email\":\"" + EMAIL + "\",\"role\":\"ADMIN\"}");
    assertThat(invite.statusCode()).as(invite.body()).isEqualTo(201);
    String url = TestApi.json(invite).get("inviteUrl").asText();
    HttpResponse<String> accepted =
        TestApi.call(
            "POST",
            api + "/api/v1/invites/" + url.substring(url.lastIndexOf('/') + 1) + "/accept",
            null,
            "{\"name\":\"Alert Stories\",\"password\":\"" + PASSWORD + "\"}");
    assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
  }

  /** A firing alert, as the evaluator writes one (the writer stores it in {@code alerts}). */
  static void fireAlert() throws Exception {
    AlertEvent e =
        new AlertEvent(
            tenant,
            "fp-ui-story",
            "ui-story-rule",
            "UI story alert",
            AlertSource.THRESHOLD,
            Severity.TICKET,
            AlertState.FIRING,
            1,
            Map.of(
                "severity",
                "ticket",
                "source",
                "threshold",
                "rule",
                "ui-story-rule",
                "service",
                "ui-shop"),
            "error rate 0.2 above 0.05",
            0.2,
            0.05,
            Instant.now().minusSeconds(60),
            null,
            Instant.now());
    try (KafkaProducer<String, byte[]> p =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedServers.kafkaBootstrap()),
            new StringSerializer(),
            new ByteArraySerializer())) {
      p.send(
              TestControlKeys.producerRecord(
                  Topics.ALERT_EVENTS,
                  tenant + "|fp-ui-story",
                  Json.MAPPER.writeValueAsBytes(e),
                  false))
          .get();
    }
  }

  /** Server spans of ui-shop every 300 ms while the browser runs: the SLO's events. */
  static void sendSpans(AtomicBoolean sending) {
    try (OtelSdkClient sdk =
        new OtelSdkClient("http://127.0.0.1:" + obsera.otlpHttpPort(), key, "ui-shop")) {
      while (sending.get()) {
        sdk.tracer().spanBuilder("GET /shop").setSpanKind(SpanKind.SERVER).startSpan().end();
        sdk.flush();
        Thread.sleep(300);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static JsonNode story(String name) {
    JsonNode s = run.get("stories").get(name);
    assertThat(s.get("ok").asBoolean()).as("%s: %s", name, s).isTrue();
    assertThat(OUT.resolve(name + ".png")).isNotEmptyFile();
    return s.get("seen");
  }

  /** axe-core found no serious or critical violation on the story's pages. */
  static void accessible(JsonNode seen) {
    List<String> found = new ArrayList<>();
    seen.get("axe")
        .fields()
        .forEachRemaining(p -> p.getValue().forEach(v -> found.add(p.getKey() + ": " + v)));
    assertThat(found).isEmpty();
    assertThat(seen.get("axe").size()).isPositive();
  }

  @Test
  void should_createAnSlo_andSeeItsBudgetChart() {
    JsonNode seen = story("sloBudget");
    assertThat(seen.get("steps").asInt()).isGreaterThanOrEqualTo(5);
    assertThat(seen.get("xSeconds").asDouble()).isPositive(); // drawn: uPlot set its x range
    assertThat(seen.get("budget").asText()).contains("Budget remaining\n100%"); // all spans good
    assertThat(seen.get("burnRows").asInt()).isEqualTo(8); // head and seven windows
    accessible(seen);
  }

  @Test
  void should_silenceAFiringAlert_fromTheAlertList() throws Exception {
    JsonNode seen = story("silenceFromAlert");
    // on the way, the alert's page lists its delivery to the routed channel
    assertThat(seen.get("delivery").asText()).contains("firing", "Story hook", "delivered");
    assertThat(alertHook.received()).isNotEmpty();
    assertThat(seen.get("matchers").asText().lines())
        .containsExactlyInAnyOrder("rule=ui-story-rule", "service=ui-shop");
    JsonNode silences =
        TestApi.json(TestApi.call("GET", api + "/api/v1/silences?state=active", key, null));
    assertThat(silences).hasSize(1);
    assertThat(silences.get(0).get("matchers").toString())
        .contains("\"label\":\"rule\",\"op\":\"=\",\"value\":\"ui-story-rule\"");
    accessible(seen);
  }

  @Test
  void should_sendAChannelTest_thatTheLocalReceiverGets() {
    JsonNode seen = story("channelTest");
    assertThat(seen.get("outcome").asText()).startsWith("Test delivered");
    assertThat(receiver.received()).hasSize(1);
    assertThat(receiver.received().get(0).signatureValid()).isTrue();
    assertThat(receiver.received().get(0).body().get("title").asText())
        .isEqualTo("[TEST] Obsera channel test: UI hook");
    accessible(seen);
  }

  @Test
  void should_previewWhatARuleWouldHaveDone_overTheLastDay_beforeSavingIt() throws Exception {
    JsonNode seen = story("rulePreview");
    assertThat(seen.get("status").asText())
        .matches("Would have fired \\d+ times? in this range\\.");
    assertThat(seen.get("intervals").asInt())
        .as("firing intervals listed, one per %s", seen.get("status"))
        .isEqualTo(Integer.parseInt(seen.get("status").asText().replaceAll("\\D", "")));
    assertThat(seen.get("firstInterval").asText()).startsWith("service=ui-shop");
    assertThat(seen.get("chart").asInt()).isEqualTo(1);
    assertThat(TestApi.call("GET", api + "/api/v1/alert-rules", key, null).body())
        .as("a preview saves nothing")
        .doesNotContain("UI shop busy");
    accessible(seen);
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
