package io.obsera.standalone;

import static io.obsera.standalone.StandaloneApi.ids;
import static io.obsera.standalone.StandaloneApi.iterable;
import static io.obsera.standalone.StandaloneApi.nanos;
import static io.obsera.standalone.StandaloneApi.rows;
import static io.obsera.standalone.StandaloneApi.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.embedded.ChdbLibrary;
import io.obsera.model.Topics;
import io.obsera.testing.ManualClock;
import io.obsera.testing.OtelSdkClient;
import io.obsera.testing.TestApi;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Nothing already deployed breaks: the standalone runtime starts on a data directory written by an
 * earlier main ({@code src/test/resources/upgrade}, made by {@code make-fixture.py} through the
 * public API; its README says how) and finds everything that installation had: tenants, keys (the
 * revoked one still refused), analyst logins, SLOs, alert rules, channels with their sealed
 * secrets, routing, silences, endpoints, dashboards, the status page, the telemetry, and the state
 * of both Kafka Streams applications, which goes on from where it was.
 *
 * <p>The Streams checks are chosen to fail when a Streams application id, a store (changelog) name,
 * a repartition or a control topic is renamed: a lost store restarts a count from zero (span count,
 * open trace session, SLO period totals, the firing page the evaluator and the router remember), a
 * new application id reprocesses the raw topics from the start and counts every old span twice
 * (checked last, once new data went through), a renamed control topic loses the record.
 *
 * <p>One manual clock, starting when the old runtime stopped, is the "now" of SLO counting, burn
 * rates, alerting and the query service, so the SLO windows still hold the old spans however long
 * ago the fixture was written. The fixture's tenants keep their telemetry for 3650 days (retention
 * sweeps use the system clock).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UpgradeFromPreviousMainRestartIT {
  static final String FIXTURE = "main-4961049";
  static final String ACME = "acme";
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final DateTimeFormatter CLICKHOUSE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  static UpgradeFixture fixture;
  static ManualClock clock;
  static Standalone obsera;
  static String startOutput;
  static SignedWebhookReceiver hook;
  static StandaloneApi api;

  @BeforeAll
  static void start() throws Exception {
    fixture = UpgradeFixture.unpack(FIXTURE, Path.of("target"));
    hook =
        new SignedWebhookReceiver(
            fixture.tenant(ACME).get("channels").get("ops-hook").get("secret").asText());
    // Only these variables: an OBSERA_CLICKHOUSE_URL, OBSERA_KAFKA_BOOTSTRAP or application id
    // from the environment would point the runtime away from the fixture's servers and state.
    Map<String, String> env = new HashMap<>();
    env.put("OBSERA_DATA_DIR", fixture.dataDir().toString());
    env.put("OBSERA_CACHE_DIR", ChdbLibrary.defaultCacheDir(System.getenv()).toString());
    for (String port : StandaloneConfig.PORT_VARIABLES) {
      env.put(port, "0");
    }
    env.put("OBSERA_STANDALONE_PROBES", "none");
    env.put("OBSERA_TARGET_ALLOWLIST", "127.0.0.0/8");
    env.put("OBSERA_SLO_FLUSH_MS", "200");
    env.put("OBSERA_SLO_BURN_INTERVAL_MS", "500");
    env.put("OBSERA_ALERT_EVAL_INTERVAL_MS", "500");
    env.put("OBSERA_ALERT_TICK_MS", "200");
    env.put("OBSERA_TRACE_SESSION_GAP_MS", "1000");
    clock = new ManualClock(fixture.stoppedAt());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      obsera = Standalone.start(StandaloneConfig.fromEnv(env), new PrintStream(out, true), clock);
      api = new StandaloneApi(obsera, token("ingestQuery"));
    } finally {
      startOutput = out.toString(StandardCharsets.UTF_8);
      System.out.println(startOutput);
    }
  }

  @AfterAll
  static void stop() {
    if (obsera != null) {
      obsera.close();
    }
    if (hook != null) {
      hook.close();
    }
  }

  @Test
  @Order(1)
  void should_keepGeneratedSecretsTenantsAndKeys_whenStartedOnTheOldDataDir() throws Exception {
    JsonNode acme = fixture.tenant(ACME);
    assertThat(obsera.adminToken()).isEqualTo(fixture.text("adminToken"));
    assertThat(obsera.secretKey()).isEqualTo(fixture.text("secretKey"));
    assertThat(obsera.apiKey()).isEqualTo(fixture.tenant("default").get("apiKey").asText());
    assertThat(startOutput).contains("tenant 'default', key in").doesNotContain("new key");

    JsonNode tenant = api.admin("GET", "/api/v1/admin/tenants/" + ACME, 200);
    assertThat(tenant.get("name").asText()).isEqualTo(acme.get("name").asText());
    assertThat(tenant.get("retentionDays").asInt()).isEqualTo(3650);
    assertThat(tenant.get("timeZone").asText()).isEqualTo(acme.get("timeZone").asText());
    assertThat(tenant.get("limits").get("itemsPerSecond").asInt()).isEqualTo(20000);
    assertThat(tenant.get("limits").get("maxItemsPerRequest").asInt()).isEqualTo(5000);
    assertThat(tenant.get("limits").get("maxAttributesPerItem").asInt()).isEqualTo(64);
    assertThat(api.admin("GET", "/api/v1/admin/tenants/default", 200).get("retentionDays").asInt())
        .isEqualTo(3650);

    Map<String, JsonNode> keys = new HashMap<>();
    api.admin("GET", "/api/v1/admin/tenants/" + ACME + "/keys", 200)
        .forEach(k -> keys.put(k.get("keyId").asText(), k));
    JsonNode stored = acme.get("keys");
    assertThat(keys)
        .containsOnlyKeys(
            keyId(stored, "ingestQuery"), keyId(stored, "queryOnly"), keyId(stored, "revoked"));
    assertThat(keys.get(keyId(stored, "revoked")).get("revokedAt").isNull()).isFalse();
    assertThat(keys.get(keyId(stored, "ingestQuery")).get("revokedAt").isNull()).isTrue();
    assertThat(texts(keys.get(keyId(stored, "queryOnly")).get("scopes"))).containsExactly("query");
  }

  @Test
  @Order(2)
  void should_authenticateTheStoredKeys_andRefuseTheRevokedOne() throws Exception {
    String defaultKey = fixture.tenant("default").get("apiKey").asText();
    assertThat(api.call("GET", "/api/v1/slos", token("ingestQuery"), null).statusCode())
        .isEqualTo(200);
    assertThat(api.call("GET", "/api/v1/slos", token("queryOnly"), null).statusCode())
        .isEqualTo(200);
    assertThat(api.call("GET", "/api/v1/slos", token("revoked"), null).statusCode()).isEqualTo(401);
    HttpResponse<String> own = api.call("GET", "/api/v1/slos", defaultKey, null);
    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(TestApi.json(own)).as("the default tenant sees none of acme's SLOs").isEmpty();
    assertThat(
            TestApi.json(api.call("GET", "/api/v1/me", token("queryOnly"), null))
                .get("role")
                .asText())
        .as("keys from before roles act as EDITOR")
        .isEqualTo("EDITOR");

    assertThat(api.ingest(token("ingestQuery"))).isEqualTo(200);
    assertThat(api.ingest(defaultKey)).isEqualTo(200);
    assertThat(api.ingest(token("queryOnly"))).isEqualTo(403);
    assertThat(api.ingest(token("revoked"))).isEqualTo(401);
  }

  @Test
  @Order(3)
  void should_keepTheAnalystLogin_thatClickHouseStillAccepts() throws Exception {
    JsonNode expected = fixture.tenant(ACME).get("analyst");
    JsonNode creds =
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    api.admin("GET", "/api/v1/admin/tenants/" + ACME + "/analyst-credentials", 200),
                c -> c.get("ready").asBoolean());
    assertThat(creds.get("user").asText()).isEqualTo(expected.get("user").asText());
    assertThat(creds.get("password").asText()).isEqualTo(expected.get("password").asText());
    assertThat(creds.get("version").asInt()).isEqualTo(expected.get("version").asInt());

    // straight to ClickHouse, as an analyst's client connects: the row policy shows acme's rows
    HttpResponse<String> count =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(creds.get("httpUrl").asText() + "/?database=obsera"))
                .header("X-ClickHouse-User", creds.get("user").asText())
                .header("X-ClickHouse-Key", creds.get("password").asText())
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "SELECT count() FROM otel_traces WHERE Timestamp < '"
                            + CLICKHOUSE_TIME.format(fixture.stoppedAt())
                            + "'"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(count.statusCode()).as(count.body()).isEqualTo(200);
    assertThat(count.body().strip()).isEqualTo(Long.toString(spansSent()));
  }

  @Test
  @Order(4)
  void should_keepSlosRulesChannelsRoutingSilencesAndEndpoints() throws Exception {
    JsonNode acme = fixture.tenant(ACME);
    JsonNode slos = api.get("/api/v1/slos");
    assertThat(ids(slos, "id"))
        .containsExactlyInAnyOrder("checkout-availability", "checkout-latency");
    JsonNode latency = api.get("/api/v1/slos/checkout-latency");
    assertThat(latency.get("kind").asText()).isEqualTo("LATENCY");
    assertThat(latency.get("thresholdMs").asInt()).isEqualTo(300);
    assertThat(latency.get("period").asText()).isEqualTo("CALENDAR_MONTH");
    assertThat(latency.get("objective").asDouble()).isEqualTo(0.95);

    assertThat(ids(api.get("/api/v1/alert-rules"), "id"))
        .containsExactlyInAnyOrderElementsOf(texts(acme.get("alertRules")));
    JsonNode burn = api.get("/api/v1/alert-rules/checkout-burn");
    assertThat(burn.get("kind").asText()).isEqualTo("BURN_RATE");
    assertThat(burn.get("sloId").asText()).isEqualTo("checkout-availability");
    assertThat(burn.get("burnConditions")).hasSize(1);
    assertThat(burn.get("labels").get("team").asText()).isEqualTo("payments");
    assertThat(api.get("/api/v1/alert-rules/checkout-slow").get("groupBy").get(0).asText())
        .isEqualTo("region");

    // channels: listed, secrets sealed and never answered (that they still open: see Order 8)
    HttpResponse<String> channels = api.call("GET", "/api/v1/channels", token("ingestQuery"), null);
    assertThat(ids(TestApi.json(channels), "id"))
        .containsExactlyInAnyOrder("ops-hook", "team-slack");
    assertThat(channels.body())
        .doesNotContain(acme.get("channels").get("ops-hook").get("secret").asText())
        .doesNotContain(acme.get("channels").get("team-slack").get("webhookUrl").asText());
    JsonNode ops = api.get("/api/v1/channels/ops-hook").get("channel");
    assertThat(ops.get("type").asText()).isEqualTo("WEBHOOK");
    assertThat(ops.get("secret").asText()).isEqualTo("***");
    assertThat(api.get("/api/v1/channels/team-slack").get("channel").get("webhookUrl").asText())
        .isEqualTo("***");

    JsonNode routing = api.get("/api/v1/alert-routing");
    assertThat(routing.get("default").asBoolean()).as("the stored routing").isFalse();
    assertThat(routing.get("routes")).hasSize(2);
    assertThat(texts(routing.get("routes").get(0).get("channels"))).containsExactly("ops-hook");
    assertThat(texts(routing.get("routes").get(1).get("channels"))).containsExactly("team-slack");
    assertThat(texts(routing.get("defaultChannels"))).containsExactly("ops-hook");

    JsonNode silences = api.get("/api/v1/silences");
    assertThat(ids(silences, "id")).containsExactlyElementsOf(texts(acme.get("silences")));
    assertThat(silences.get(0).get("comment").asText()).isEqualTo("ap-south migration");

    JsonNode endpoint = api.get("/api/v1/endpoints/api-health");
    assertThat(endpoint.get("url").asText()).isEqualTo("https://93.184.215.14/health");
    assertThat(texts(endpoint.get("regions")))
        .containsExactlyInAnyOrder("eu-west", "us-east", "ap-south");
    assertThat(endpoint.get("maintenanceWindows")).hasSize(1);
    assertThat(ids(api.get("/api/v1/endpoints"), "id")).containsExactly("api-health");
  }

  @Test
  @Order(5)
  void should_runTheStoredDashboardPanels_andServeTheStatusPage() throws Exception {
    JsonNode dashboard = api.get("/api/v1/dashboards/checkout-overview");
    assertThat(ids(dashboard.get("panels"), "id"))
        .containsExactly("spans-by-service", "logs-by-severity");
    // saved before kinds and layouts: read as sql tables placed two per row
    assertThat(ids(dashboard.get("panels"), "kind")).containsExactly("sql", "sql");
    assertThat(dashboard.at("/panels/1/layout").toString())
        .isEqualTo("{\"x\":6,\"y\":0,\"w\":6,\"h\":4}");
    assertThat(ids(api.get("/api/v1/dashboards").get("dashboards"), "id"))
        .containsExactly("checkout-overview");
    String params =
        "{\"params\":{\"from\":\""
            + fixture.telemetryFrom().minus(Duration.ofMinutes(1))
            + "\",\"to\":\""
            + fixture.stoppedAt().plus(Duration.ofSeconds(30))
            + "\"}}";
    JsonNode telemetry = fixture.telemetry(ACME);
    JsonNode spans =
        api.json(
            "POST",
            "/api/v1/dashboards/checkout-overview/panels/spans-by-service/run",
            params,
            200);
    List<String> expectedSpans = new ArrayList<>();
    telemetry
        .get("spansByService")
        .fields()
        .forEachRemaining(
            e ->
                expectedSpans.add(
                    e.getKey()
                        + " "
                        + e.getValue().asLong()
                        + " "
                        + telemetry.get("errorsByService").path(e.getKey()).asLong(0)));
    assertThat(rows(spans)).containsExactlyInAnyOrderElementsOf(expectedSpans);
    JsonNode logs =
        api.json(
            "POST",
            "/api/v1/dashboards/checkout-overview/panels/logs-by-severity/run",
            params,
            200);
    List<String> expectedLogs = new ArrayList<>();
    telemetry
        .get("logsBySeverity")
        .fields()
        .forEachRemaining(e -> expectedLogs.add(e.getKey() + " " + e.getValue().asLong()));
    assertThat(rows(logs)).containsExactlyInAnyOrderElementsOf(expectedLogs);

    JsonNode page = api.get("/api/v1/status-page");
    assertThat(page.get("slug").asText()).isEqualTo("acme");
    assertThat(texts(page.get("components"))).containsExactly("checkout", "api-health");
    HttpResponse<String> pub = api.call("GET", "/status/acme.json", null, null);
    assertThat(pub.statusCode()).isEqualTo(200);
    // the public page names the endpoint, never its internal id
    assertThat(pub.body())
        .contains("Acme status", "checkout", "API health")
        .doesNotContain("api-health");
    assertThat(api.call("GET", "/status/acme", null, null).statusCode()).isEqualTo(200);
  }

  @Test
  @Order(6)
  void should_answerThePreUpgradeTracesLogsMetricsAndRollups() throws Exception {
    JsonNode telemetry = fixture.telemetry(ACME);
    List<String> failing = texts(telemetry.get("checkoutErrorTraces"));
    for (JsonNode id : telemetry.get("checkoutTraces")) {
      JsonNode trace = api.get("/api/v1/traces/" + id.asText());
      assertThat(trace.get("spans")).hasSize(telemetry.get("spansPerCheckoutTrace").asInt());
      assertThat(trace.get("logs")).hasSize(1);
      assertThat(trace.get("summary").get("spanCount").asInt())
          .isEqualTo(telemetry.get("spansPerCheckoutTrace").asInt());
      assertThat(trace.get("summary").get("errorCount").asInt() > 0)
          .as("errors of %s", id)
          .isEqualTo(failing.contains(id.asText()));
    }
    String exemplarTrace =
        telemetry.get("metrics").get("checkout.duration").get("exemplarTraceId").asText();
    assertThat(api.get("/api/v1/traces/" + exemplarTrace).get("metricPoints")).isNotEmpty();
    JsonNode defaultTraces = fixture.tenant("default").get("traces");
    String defaultKey = fixture.tenant("default").get("apiKey").asText();
    for (var e : iterable(defaultTraces.fields())) {
      HttpResponse<String> r = api.call("GET", "/api/v1/traces/" + e.getKey(), defaultKey, null);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(TestApi.json(r).get("spans")).hasSize(e.getValue().asInt());
      assertThat(
              api.call("GET", "/api/v1/traces/" + e.getKey(), token("ingestQuery"), null)
                  .statusCode())
          .as("another tenant's trace")
          .isEqualTo(404);
    }

    String range =
        "from="
            + nanos(fixture.telemetryFrom().minus(Duration.ofMinutes(1)))
            + "&to="
            + nanos(fixture.stoppedAt().plus(Duration.ofSeconds(30)));
    assertThat(api.get("/api/v1/traces?service=checkout&limit=1000&" + range).get("traces"))
        .hasSize(telemetry.get("checkoutTraces").size());
    assertThat(api.get("/api/v1/logs?service=checkout&limit=1000&" + range).get("logs"))
        .hasSize(telemetry.get("logsByService").get("checkout").asInt());
    assertThat(ids(api.get("/api/v1/metrics/names?" + range).get("metrics"), "name"))
        .containsAll(iterable(telemetry.get("metrics").fieldNames()));
    JsonNode regions =
        api.get(
            "/api/v1/latency/regions?service=checkout&operation="
                + URLEncoder.encode("POST /checkout", StandardCharsets.UTF_8)
                + "&step=5m&"
                + range);
    Map<String, Long> counts = new HashMap<>();
    regions
        .get("regions")
        .forEach(r -> counts.put(r.get("region").asText(), r.get("count").asLong()));
    Map<String, Long> expected = new HashMap<>();
    telemetry
        .get("redCheckoutRequests")
        .fields()
        .forEachRemaining(e -> expected.put(e.getKey(), e.getValue().asLong()));
    assertThat(counts).isEqualTo(expected);

    JsonNode usage = telemetry.get("usage");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(
                        api.sqlRow(
                            "SELECT sum(Spans) AS spans, sum(Logs) AS logs,"
                                + " sum(MetricPoints) AS points FROM usage_hourly FINAL"))
                    .isEqualTo(
                        Map.of(
                            "spans", usage.get("spans").asText(),
                            "logs", usage.get("logRecords").asText(),
                            "points", usage.get("metricPoints").asText())));
  }

  @Test
  @Order(7)
  void should_continueTheStreamsState_fromBeforeTheUpgrade() throws Exception {
    JsonNode telemetry = fixture.telemetry(ACME);
    JsonNode counted = telemetry.get("closedCountTrace");
    JsonNode open = telemetry.get("openSessionTrace");
    int addedToCounted = 2;
    int good = 4;
    // new data a minute after the stop, so the old rows stay apart (Order 9); the old errors stay
    // inside the 5m window, so the page keeps firing until Order 8 moves the clock on
    Instant now = clock.advance(Duration.ofMinutes(1));
    String otlp = "http://127.0.0.1:" + obsera.otlpHttpPort();
    try (OtelSdkClient billing = sdk(otlp, "billing");
        OtelSdkClient inventory = sdk(otlp, "inventory");
        OtelSdkClient checkout = sdk(otlp, "checkout")) {
      for (int i = 0; i < addedToCounted; i++) {
        child(billing, counted, "reconcile retry " + (i + 1), now.plusSeconds(i));
      }
      child(inventory, open, "release stock", now.plusSeconds(2));
      for (int i = 0; i < good; i++) {
        Instant start = now.plusSeconds(i);
        checkout
            .tracer()
            .spanBuilder("POST /checkout")
            .setSpanKind(SpanKind.SERVER)
            .setStartTimestamp(start)
            .startSpan()
            .end(start.plusMillis(50));
      }
      assertThat(billing.flush() && inventory.flush() && checkout.flush()).isTrue();
    }

    // the running span count of a trace goes on (a lost store would give max(5, 2))
    String countedId = counted.get("traceId").asText();
    long expectedCount = counted.get("spans").asLong() + addedToCounted;
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(
                        api.sqlRow(
                            "SELECT max(SpanCount) AS n FROM trace_span_counts"
                                + " WHERE TraceId = {t:String}",
                            Map.of("t", countedId)))
                    .containsEntry("n", Long.toString(expectedCount)));
    assertThat(api.get("/api/v1/traces/" + countedId).get("spans")).hasSize((int) expectedCount);

    // the session open at the stop was kept: its spans and log are in the trace's summary
    String openId = open.get("traceId").asText();
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(
                        api.sqlRow(
                            "SELECT sum(SpanCount) AS spans, arraySum(mapValues(sumMap(LogCounts)))"
                                + " AS logs FROM trace_summaries WHERE TraceId = {t:String}",
                            Map.of("t", openId)))
                    .isEqualTo(
                        Map.of(
                            "spans",
                            Long.toString(open.get("spans").asLong() + 1),
                            "logs",
                            open.get("logs").asText())));

    // the SLO's period totals include the old events (the burn-rate ring store); the clock moves
    // a second per poll, as time does, so the budget's latest emission is a new one
    for (var e : iterable(fixture.tenant(ACME).get("slos").fields())) {
      long total = e.getValue().get("total").asLong() + good;
      long goodEvents = e.getValue().get("good").asLong() + good;
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> {
                clock.advance(Duration.ofSeconds(1));
                JsonNode events = api.get("/api/v1/slos/" + e.getKey() + "/budget").get("events");
                assertThat(events.get("total").asLong()).as(e.getKey()).isEqualTo(total);
                assertThat(events.get("good").asLong()).as(e.getKey()).isEqualTo(goodEvents);
              });
    }
  }

  @Test
  @Order(8)
  void should_resolveThePageFiringBeforeTheUpgrade_throughTheStoredChannelAndRouting()
      throws Exception {
    JsonNode page = fixture.tenant(ACME).get("firingPage");
    // Re-pointing the channel without its secret is refused (the secret would go elsewhere).
    String secret = fixture.tenant(ACME).get("channels").get("ops-hook").get("secret").asText();
    String elsewhere = "{\"name\":\"Ops webhook\",\"channel\":{\"type\":\"WEBHOOK\",\"url\":\"";
    HttpResponse<String> refused =
        api.call(
            "PUT",
            "/api/v1/channels/ops-hook",
            token("ingestQuery"),
            elsewhere + hook.url() + "\"}}");
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    assertThat(refused.body()).contains("channel.secret");
    // The stored channel as it is: this test's receiver takes its address, and checks the
    // signature with the secret sealed before the upgrade. Only if that port is taken on this
    // machine is the channel re-pointed, with its secret sent again.
    String stored = api.get("/api/v1/channels/ops-hook").get("channel").get("url").asText();
    try {
      SignedWebhookReceiver atStored =
          new SignedWebhookReceiver(secret, java.net.URI.create(stored).getPort());
      hook.close();
      hook = atStored;
    } catch (java.net.BindException e) {
      JsonNode moved =
          api.json(
              "PUT",
              "/api/v1/channels/ops-hook",
              elsewhere + hook.url() + "\",\"secret\":\"" + secret + "\"}}",
              200);
      assertThat(moved.get("channel").get("secret").asText()).isEqualTo("***");
    }
    String alerts =
        "/api/v1/alerts?from="
            + nanos(fixture.telemetryFrom().minus(Duration.ofHours(1)))
            + "&to="
            + nanos(fixture.stoppedAt().plus(Duration.ofHours(2)));
    JsonNode firing = api.get(alerts + "&state=firing").get("alerts");
    assertThat(firing).hasSize(1);
    assertThat(firing.get(0).get("fingerprint").asText())
        .isEqualTo(page.get("alertFingerprint").asText());
    assertThat(firing.get(0).get("startsAt").asText()).isEqualTo(page.get("startsAt").asText());
    // At the stop the page still held (errors inside the 5m window): the evaluator and the router
    // remember it, so nothing is notified again.
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(hook.received()::isEmpty);

    fixture.awaitExpiredSegmentsDeleted(
        obsera.kafkaBootstrap(),
        obsera.kafkaAdminSettings(),
        List.of(Topics.ALERT_EVENTS, Topics.ALERT_NOTIFICATIONS));
    clock.advance(Duration.ofMinutes(10)); // the 5m window empties: the page resolves
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              clock.advance(Duration.ofSeconds(1));
              return !hook.received().isEmpty();
            });
    await()
        .during(Duration.ofSeconds(2))
        .atMost(Duration.ofSeconds(5))
        .until(() -> hook.received().size() == 1);
    SignedWebhookReceiver.Delivery resolve = hook.received().get(0);
    assertThat(resolve.signatureValid()).as("HMAC with the secret sealed before").isTrue();
    assertThat(resolve.state()).isEqualTo("resolved");
    assertThat(resolve.body().get("fingerprint").asText())
        .as("the group notified before the upgrade")
        .isEqualTo(page.get("groupFingerprint").asText());
    assertThat(resolve.body().get("sequence").asLong())
        .as("the group's notification count goes on")
        .isEqualTo(page.get("sequence").asLong() + 1);
    assertThat(resolve.deliveryId()).isNotEqualTo(page.get("deliveryId").asText());

    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              JsonNode resolved = api.get(alerts + "&state=resolved").get("alerts");
              assertThat(resolved).hasSize(1);
              assertThat(resolved.get(0).get("fingerprint").asText())
                  .isEqualTo(page.get("alertFingerprint").asText());
              assertThat(resolved.get(0).get("startsAt").asText())
                  .isEqualTo(page.get("startsAt").asText());
              assertThat(resolved.get(0).get("sequence").asInt()).isEqualTo(2);
            });
  }

  @Test
  @Order(9)
  void should_holdEveryPreUpgradeRowOnce_afterNewDataWentThrough() throws Exception {
    JsonNode telemetry = fixture.telemetry(ACME);
    // everything old happened before the stop, everything new a minute after it (Order 7)
    Map<String, String> cut =
        Map.of("cut", CLICKHOUSE_TIME.format(fixture.stoppedAt().plus(Duration.ofSeconds(30))));
    String minuteCut =
        CLICKHOUSE_TIME
            .format(fixture.stoppedAt().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofMinutes(1)))
            .substring(0, 19);
    String spans = Long.toString(spansSent());
    assertThat(
            api.sqlRow(
                "SELECT count() AS n, uniqExact(TraceId, SpanId) AS distinct FROM otel_traces"
                    + " WHERE Timestamp < {cut:DateTime64(3)}",
                cut))
        .isEqualTo(Map.of("n", spans, "distinct", spans));
    long logs = 0;
    for (JsonNode n : telemetry.get("logsBySeverity")) {
      logs += n.asLong();
    }
    assertThat(api.sqlRow("SELECT count() AS n FROM otel_logs", Map.of()))
        .containsEntry("n", Long.toString(logs));
    for (var m : iterable(telemetry.get("metrics").fields())) {
      assertThat(
              api.sqlRow(
                  "SELECT count() AS n FROM "
                      + m.getValue().get("table").asText()
                      + " WHERE MetricName = {name:String}",
                  Map.of("name", m.getKey())))
          .as(m.getKey())
          .containsEntry("n", m.getValue().get("points").asText());
    }
    long checkoutTraceSpans =
        telemetry.get("checkoutTraces").size() * telemetry.get("spansPerCheckoutTrace").asLong();
    List<String> quoted = new ArrayList<>();
    telemetry.get("checkoutTraces").forEach(t -> quoted.add("'" + t.asText() + "'"));
    assertThat(
            api.sqlRow(
                "SELECT sum(SpanCount) AS n FROM trace_summaries"
                    + " WHERE TraceId IN {ids:Array(String)}",
                Map.of("ids", "[" + String.join(",", quoted) + "]")))
        .as("each closed session summarized once")
        .containsEntry("n", Long.toString(checkoutTraceSpans));
    for (var e : iterable(fixture.tenant(ACME).get("slos").fields())) {
      assertThat(
              api.sqlRow(
                  "SELECT sum(Good) AS good, sum(Total) AS total FROM slo_sli_minute"
                      + " WHERE SloId = {slo:String} AND Minute < {cut:DateTime}",
                  Map.of("slo", e.getKey(), "cut", minuteCut)))
          .as("SLI counts of %s", e.getKey())
          .isEqualTo(
              Map.of(
                  "good", e.getValue().get("good").asText(),
                  "total", e.getValue().get("total").asText()));
    }
    long red = 0;
    for (JsonNode n : telemetry.get("redCheckoutRequests")) {
      red += n.asLong();
    }
    assertThat(
            api.sqlRow(
                "SELECT sum(Count) AS n FROM red_minute WHERE ServiceName = 'checkout'"
                    + " AND Operation = 'POST /checkout' AND Minute < {cut:DateTime}",
                Map.of("cut", minuteCut)))
        .containsEntry("n", Long.toString(red));
  }

  // ---------------------------------------------------------------- helpers

  private static long spansSent() {
    long n = 0;
    for (JsonNode c : fixture.telemetry(ACME).get("spansByService")) {
      n += c.asLong();
    }
    return n;
  }

  /** A span of the manifest's trace {@code trace}, child of its root, as a propagated context. */
  private static void child(OtelSdkClient sdk, JsonNode trace, String name, Instant start) {
    SpanContext parent =
        SpanContext.createFromRemoteParent(
            trace.get("traceId").asText(),
            trace.get("rootSpanId").asText(),
            TraceFlags.getSampled(),
            TraceState.getDefault());
    sdk.tracer()
        .spanBuilder(name)
        .setParent(Context.root().with(Span.wrap(parent)))
        .setStartTimestamp(start)
        .startSpan()
        .end(start.plusMillis(30));
  }

  private static OtelSdkClient sdk(String otlp, String service) {
    return new OtelSdkClient(
        otlp,
        token("ingestQuery"),
        service,
        Attributes.of(AttributeKey.stringKey("cloud.region"), "eu-west"));
  }

  private static String token(String key) {
    return fixture.tenant(ACME).get("keys").get(key).get("token").asText();
  }

  private static String keyId(JsonNode keys, String key) {
    return keys.get(key).get("keyId").asText();
  }
}
