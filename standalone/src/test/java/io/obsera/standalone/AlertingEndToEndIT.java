package io.obsera.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.facts.BurnRates;
import io.obsera.testing.ManualClock;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.OtelSdkClient;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestApi;
import io.obsera.testing.TestKafka;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The whole alerting chain as a tenant uses it: an SLO, a burn-rate rule with the default policy, a
 * webhook channel and a routing, all through the API; spans from the OpenTelemetry SDK with
 * synthetic timestamps through the ingest bridge, the topology (SLI counts, burn rates), the alert
 * worker (evaluation, grouping, delivery) to a local receiver that verifies the HMAC signature. One
 * manual clock drives standalone, so the ten minutes after the errors stop take seconds.
 */
@ExtendWith(ObseraServersExtension.class)
class AlertingEndToEndIT {
  static final String SECRET = "whsec-e2e-0123456789abcdef";

  @Test
  void should_pageOnceThroughTheWebhook_andSendOneResolve_whenA20xBurnStops() throws Exception {
    Map<String, String> env = StandaloneTestEnv.of("alerting-e2e");
    env.put("OBSERA_STANDALONE_PROBES", "none");
    env.put("OBSERA_SLO_FLUSH_MS", "200");
    env.put("OBSERA_SLO_BURN_INTERVAL_MS", "500");
    env.put("OBSERA_ALERT_EVAL_INTERVAL_MS", "500");
    env.put("OBSERA_ALERT_TICK_MS", "200");
    env.put("OBSERA_TARGET_ALLOWLIST", "127.0.0.0/8");
    ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.MINUTES));
    String tenant = TestKafka.uniqueName("alerting");
    List<Delivery> received = new CopyOnWriteArrayList<>();
    HttpServer hook = receiver(received);
    try (Standalone obsera =
        Standalone.start(
            StandaloneConfig.fromEnv(env), new PrintStream(new ByteArrayOutputStream()), clock)) {
      String api = "http://127.0.0.1:" + obsera.apiPort();
      assertThat(
              call(api, "POST", "/api/v1/admin/tenants", obsera.adminToken(), tenantBody(tenant)))
          .isEqualTo(201);
      String key =
          TestApi.json(
                  TestApi.call(
                      "POST",
                      api + "/api/v1/admin/tenants/" + tenant + "/keys",
                      obsera.adminToken(),
                      "{}"))
              .get("key")
              .asText();
      assertThat(
              call(
                  api,
                  "POST",
                  "/api/v1/slos",
                  key,
                  "{\"id\":\"checkout\",\"name\":\"Checkout availability\",\"kind\":\"AVAILABILITY\","
                      + "\"service\":\"checkout\",\"spanKind\":\"SERVER\",\"objective\":0.99,"
                      + "\"period\":\"ROLLING_30D\"}"))
          .isEqualTo(201);
      String url = "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook";
      assertThat(
              call(
                  api,
                  "POST",
                  "/api/v1/channels",
                  key,
                  "{\"id\":\"ops\",\"name\":\"Ops\",\"channel\":{\"type\":\"WEBHOOK\",\"url\":\""
                      + url
                      + "\",\"secret\":\""
                      + SECRET
                      + "\"}}"))
          .isEqualTo(201);
      assertThat(
              call(
                  api,
                  "PUT",
                  "/api/v1/alert-routing",
                  key,
                  "{\"routes\":[],\"defaultChannels\":[\"ops\"],\"defaultGroupBy\":[\"rule\","
                      + "\"severity\"],\"groupWaitMs\":0,\"groupIntervalMs\":1000,"
                      + "\"repeatIntervalMs\":86400000}"))
          .isEqualTo(200);

      // three days of good traffic (one span a minute), then an hour with every fifth span failing:
      // 20% errors against a 1% budget burn at 20 over 1h, 30m and 5m; 6h at 3.3, 1d at 0.83 and
      // 3d at 0.28, so the page (1h and 5m >= 14.4) holds and no ticket does
      Instant now = clock.instant();
      int minutes = 60 + 72 * 60;
      sendTraffic(obsera, key, now, minutes);
      await().atMost(Duration.ofSeconds(90)).until(() -> periodTotal(tenant) >= minutes);
      assertThat(
              call(
                  api,
                  "POST",
                  "/api/v1/alert-rules",
                  key,
                  "{\"id\":\"checkout-burn\",\"name\":\"Checkout burn\",\"kind\":\"BURN_RATE\","
                      + "\"sloId\":\"checkout\"}"))
          .isEqualTo(201);

      await().atMost(Duration.ofSeconds(60)).until(() -> count(received, "firing") == 1);
      Delivery page = received.get(0);
      assertThat(page.body().get("severity").asText()).isEqualTo("page");
      assertThat(page.body().get("title").asText()).startsWith("[FIRING:1]");
      assertThat(page.body().get("summary").asText()).contains("1h", "5m");
      assertThat(page.body().get("sequence").asLong()).isEqualTo(1);
      // the page keeps firing while the clock stands: no second notification inside the repeat
      await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(10))
          .until(() -> received.size() == 1);

      clock.advance(Duration.ofMinutes(10)); // traffic stopped: the 5m window empties
      try {
        // the clock goes on from there a second per poll, as time does: a group is looked at again
        // a group interval (1 s) after its last flush
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .until(
                () -> {
                  clock.advance(Duration.ofSeconds(1));
                  return count(received, "resolved") == 1;
                });
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        throw new AssertionError("no resolve; " + trail(tenant), e);
      }
      await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(10))
          .until(() -> received.size() == 2);
      Delivery resolve = received.get(1);
      assertThat(resolve.body().get("fingerprint").asText())
          .as("trigger and resolve belong to one group")
          .isEqualTo(page.body().get("fingerprint").asText());
      assertThat(resolve.deliveryId()).isNotEqualTo(page.deliveryId());
      assertThat(received).allMatch(Delivery::signatureValid);

      // the alert's two events reach ClickHouse: /api/v1/alerts shows it resolved
      String alerts =
          "/api/v1/alerts?state=resolved&from="
              + nanos(now.minus(Duration.ofHours(1)))
              + "&to="
              + nanos(clock.instant().plus(Duration.ofHours(1)));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> TestApi.json(get(api, key, alerts)).get("alerts").size() == 1);
      JsonNode stored = TestApi.json(get(api, key, alerts)).get("alerts").get(0);
      assertThat(stored.get("severity").asText()).isEqualTo("PAGE");
      assertThat(stored.get("labels").get("slo").asText()).isEqualTo("checkout");
      assertThat(stored.get("ruleId").asText()).isEqualTo("checkout-burn");
    } finally {
      hook.stop(0);
    }
  }

  /** One span of checkout a minute for {@code minutes} minutes before {@code now}. */
  private static void sendTraffic(Standalone obsera, String key, Instant now, int minutes) {
    try (OtelSdkClient sdk =
        OtelSdkClient.batching("http://127.0.0.1:" + obsera.otlpHttpPort(), key, "checkout")) {
      Tracer tracer = sdk.tracer();
      for (int m = minutes - 1; m >= 0; m--) {
        Instant start = now.minus(Duration.ofMinutes(m + 1)).plusSeconds(1);
        Span span =
            tracer
                .spanBuilder("POST /checkout")
                .setSpanKind(SpanKind.SERVER)
                .setStartTimestamp(start)
                .startSpan();
        if (m < 60 && m % 5 == 0) {
          span.setStatus(StatusCode.ERROR);
        }
        span.end(start.plusMillis(40));
      }
      assertThat(sdk.flush(Duration.ofSeconds(60))).isTrue();
    }
  }

  /**
   * The events counted in the SLO's period so far, from its latest burn-rate emission (the budget
   * API reads the same figures from ClickHouse, but only emissions after the SLO's creation by the
   * system clock, and this test's clock stands still behind it).
   */
  private static long periodTotal(String tenant) {
    String key = tenant + "|checkout";
    return TestKafka.readAll(SharedServers.kafkaBootstrap(), Topics.SLO_BURN_RATES, true).stream()
        .filter(r -> key.equals(r.key()))
        .map(r -> burnRates(r.value()).periodTotal())
        .reduce((a, b) -> b)
        .orElse(0L);
  }

  /** The tenant's alert events and notifications so far, to tell where a chain stopped. */
  private static String trail(String tenant) {
    StringBuilder b = new StringBuilder();
    for (String topic : List.of(Topics.ALERT_EVENTS, Topics.ALERT_NOTIFICATIONS)) {
      TestKafka.readAll(SharedServers.kafkaBootstrap(), topic, true).stream()
          .filter(r -> r.key() != null && r.key().startsWith(tenant + "|"))
          .forEach(
              r ->
                  b.append('\n')
                      .append(topic)
                      .append(' ')
                      .append(new String(r.value(), StandardCharsets.UTF_8)));
    }
    String burn = tenant + "|checkout";
    TestKafka.readAll(SharedServers.kafkaBootstrap(), Topics.SLO_BURN_RATES, true).stream()
        .filter(r -> burn.equals(r.key()))
        .reduce((x, y) -> y)
        .ifPresent(
            r ->
                b.append("\nlast burn rates ")
                    .append(new String(r.value(), StandardCharsets.UTF_8)));
    return b.toString();
  }

  private static BurnRates burnRates(byte[] json) {
    try {
      return Json.MAPPER.readValue(json, BurnRates.class);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  record Delivery(String deliveryId, JsonNode body, boolean signatureValid) {}

  private static long count(List<Delivery> received, String state) {
    return received.stream().filter(d -> d.body().get("state").asText().equals(state)).count();
  }

  /** A webhook receiver checking the signature the way the README tells receivers to. */
  private static HttpServer receiver(List<Delivery> received) throws Exception {
    HttpServer hook =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    hook.createContext(
        "/hook",
        ex -> {
          byte[] body = ex.getRequestBody().readAllBytes();
          String ts = ex.getRequestHeaders().getFirst("X-Obsera-Timestamp");
          String sig = ex.getRequestHeaders().getFirst("X-Obsera-Signature");
          boolean valid =
              ts != null
                  && sig != null
                  && MessageDigest.isEqual(
                      sig.getBytes(StandardCharsets.UTF_8),
                      ("sha256=" + hmac(ts + "." + new String(body, StandardCharsets.UTF_8)))
                          .getBytes(StandardCharsets.UTF_8));
          received.add(
              new Delivery(
                  ex.getRequestHeaders().getFirst("X-Obsera-Delivery"),
                  Json.MAPPER.readTree(body),
                  valid));
          ex.sendResponseHeaders(204, -1);
          ex.close();
        });
    hook.start();
    return hook;
  }

  private static String hmac(String s) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(s.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int call(String api, String method, String path, String token, String body)
      throws Exception {
    HttpResponse<String> r = TestApi.call(method, api + path, token, body);
    if (r.statusCode() >= 300) {
      System.out.println(method + " " + path + " -> " + r.statusCode() + " " + r.body());
    }
    return r.statusCode();
  }

  private static HttpResponse<String> get(String api, String key, String path) throws Exception {
    return TestApi.call("GET", api + path, key, null);
  }

  private static String tenantBody(String tenant) {
    return "{\"id\":\"" + tenant + "\"}";
  }

  private static String nanos(Instant t) {
    return Long.toString(t.getEpochSecond() * 1_000_000_000L + t.getNano());
  }
}
