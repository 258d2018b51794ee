package io.obsera.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.alert.AlertEvent;
import io.obsera.model.alert.AlertSource;
import io.obsera.model.alert.AlertState;
import io.obsera.model.alert.Severity;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestApi;
import io.obsera.testing.TestKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET /api/v1/alerts/{id}/deliveries} end to end: two alerts of one rule fire and resolve
 * (AlertEvents as the evaluator emits them); the alert worker groups them into one notification per
 * change and delivers it to two webhook channels, one whose receiver answers 200 and one whose
 * receiver refuses it (403, echoing the token of its URL and the channel's signing secret); the
 * writer stores the outcomes (after poison records on every partition of the deliveries topic); and
 * each alert's history over HTTP holds the group's firing and resolved notices on both channels,
 * newest first, without the token. Another tenant, an unknown alert and a bad limit are refused.
 */
@ExtendWith(ObseraServersExtension.class)
class AlertDeliveriesEndToEndIT {
  static final String SECRET = "whsec-deliveries-0123456789";
  static final String TOKEN = "tok-9f8e7d6c5b4a";

  @Test
  void should_listEachAlertsDeliveriesOfItsGroup_onBothChannels_newestFirst() throws Exception {
    Map<String, String> env = StandaloneTestEnv.of("alert-deliveries");
    env.put("OBSERA_STANDALONE_PROBES", "none");
    env.put("OBSERA_ALERT_TICK_MS", "200");
    env.put("OBSERA_TARGET_ALLOWLIST", "127.0.0.0/8");
    String tenant = TestKafka.uniqueName("deliveries");
    String other = TestKafka.uniqueName("deliveries-other");
    List<String> received = new CopyOnWriteArrayList<>();
    HttpServer hooks = receivers(received);
    try (Standalone obsera =
        Standalone.start(
            StandaloneConfig.fromEnv(env), new PrintStream(new ByteArrayOutputStream()))) {
      String api = "http://127.0.0.1:" + obsera.apiPort();
      String key = tenantKey(api, obsera.adminToken(), tenant);
      String otherKey = tenantKey(api, obsera.adminToken(), other);
      String base = "http://127.0.0.1:" + hooks.getAddress().getPort();
      channel(api, key, "ok", "Team hook", base + "/ok");
      channel(api, key, "refusing", "Old hook", base + "/refusing?token=" + TOKEN);
      call(
          api,
          "PUT",
          "/api/v1/alert-routing",
          key,
          "{\"routes\":[],\"defaultChannels\":[\"ok\",\"refusing\"],\"defaultGroupBy\":[\"rule\"],"
              + "\"groupWaitMs\":2000,\"groupIntervalMs\":1000,\"repeatIntervalMs\":86400000}",
          200);
      poisonEveryDeliveriesPartition();

      Instant start = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      String a = "fpa-" + tenant;
      String b = "fpb-" + tenant;
      produce(event(tenant, a, AlertState.FIRING, 1, start, null));
      produce(event(tenant, b, AlertState.FIRING, 1, start, null));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> received.stream().anyMatch(r -> r.startsWith("ok FIRING:2")));
      Instant end = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      produce(event(tenant, a, AlertState.RESOLVED, 2, start, end));
      produce(event(tenant, b, AlertState.RESOLVED, 2, start, end));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> received.stream().anyMatch(r -> r.startsWith("ok RESOLVED")));

      String path = "/api/v1/alerts/" + a + "/deliveries";
      await().atMost(Duration.ofSeconds(60)).until(() -> deliveries(api, key, path).size() == 4);
      List<JsonNode> history = deliveries(api, key, path);
      assertThat(history)
          .extracting(d -> d.get("kind").asText() + " " + d.get("channelId").asText())
          .containsExactlyInAnyOrder(
              "resolved ok", "resolved refusing", "firing ok", "firing refusing");
      assertThat(history.subList(0, 2)).allMatch(d -> d.get("kind").asText().equals("resolved"));
      for (int i = 1; i < history.size(); i++) {
        assertThat(Instant.parse(history.get(i - 1).get("time").asText()))
            .isAfterOrEqualTo(Instant.parse(history.get(i).get("time").asText()));
      }
      JsonNode delivered =
          history.stream().filter(d -> d.get("channelId").asText().equals("ok")).findFirst().get();
      assertThat(delivered.get("status").asText()).isEqualTo("DELIVERED");
      assertThat(delivered.get("attempts").asInt()).isEqualTo(1);
      assertThat(delivered.get("channelName").asText()).isEqualTo("Team hook");
      assertThat(delivered.get("channelType").asText()).isEqualTo("WEBHOOK");
      assertThat(delivered.get("error").isNull()).isTrue();
      JsonNode failed =
          history.stream()
              .filter(d -> d.get("channelId").asText().equals("refusing"))
              .findFirst()
              .get();
      assertThat(failed.get("status").asText()).isEqualTo("FAILED");
      assertThat(failed.get("outcome").asText()).isEqualTo("REJECTED");
      assertThat(failed.get("attempts").asInt()).isEqualTo(1);
      assertThat(failed.get("lastStatus").asInt()).isEqualTo(403);
      assertThat(failed.get("channelName").asText()).isEqualTo("Old hook");
      assertThat(failed.get("error").asText()).contains("403", "hook retired");
      String raw = TestApi.call("GET", api + path, key, null).body();
      assertThat(raw).as("no secret in the history").doesNotContain(TOKEN, SECRET);
      // b was in the same group: the same four deliveries
      assertThat(deliveries(api, key, "/api/v1/alerts/" + b + "/deliveries"))
          .extracting(d -> d.get("deliveryId").asText() + d.get("channelId").asText())
          .containsExactlyInAnyOrderElementsOf(
              history.stream()
                  .map(d -> d.get("deliveryId").asText() + d.get("channelId").asText())
                  .toList());
      assertThat(deliveries(api, key, path + "?limit=1"))
          .singleElement()
          .satisfies(d -> assertThat(d.get("kind").asText()).isEqualTo("resolved"));

      // a record of the previous worker (no alerts, kind or channel details; the alert's own
      // fingerprint): listed last (oldest), its channel named as the channel is now
      producePreviousRecord(tenant, a, start.minusSeconds(1));
      await().atMost(Duration.ofSeconds(60)).until(() -> deliveries(api, key, path).size() == 5);
      JsonNode previous = deliveries(api, key, path).get(4);
      assertThat(previous.get("deliveryId").asText()).isEqualTo("previous-" + tenant);
      assertThat(previous.get("kind").isNull()).isTrue();
      assertThat(previous.get("channelName").asText()).isEqualTo("Team hook");
      assertThat(previous.get("channelType").asText()).isEqualTo("WEBHOOK");
      assertThat(deliveries(api, key, "/api/v1/alerts/" + b + "/deliveries")).hasSize(4);

      HttpResponse<String> otherTenant = TestApi.call("GET", api + path, otherKey, null);
      assertThat(otherTenant.statusCode()).as(otherTenant.body()).isEqualTo(404);
      assertThat(otherTenant.body()).contains("alert '" + a + "' not found");
      HttpResponse<String> unknown =
          TestApi.call("GET", api + "/api/v1/alerts/nope/deliveries", key, null);
      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(unknown.body()).contains("alert 'nope' not found");
      HttpResponse<String> bad = TestApi.call("GET", api + path + "?limit=0", key, null);
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body()).contains("parameter 'limit'");
    } finally {
      hooks.stop(0);
    }
  }

  static AlertEvent event(
      String tenant, String fp, AlertState state, long sequence, Instant start, Instant end) {
    return new AlertEvent(
        tenant,
        fp,
        "checkout-latency",
        "Checkout latency",
        AlertSource.THRESHOLD,
        Severity.PAGE,
        state,
        sequence,
        Map.of("rule", "checkout-latency", "severity", "page", "service", "checkout-" + fp),
        "p99 over 2 s",
        state == AlertState.FIRING ? 2.5 : null,
        2.0,
        start,
        end,
        end == null ? start : end);
  }

  static void produce(AlertEvent e) throws Exception {
    try (KafkaProducer<String, byte[]> p = producer()) {
      p.send(new ProducerRecord<>(Topics.ALERT_EVENTS, e.key(), Json.MAPPER.writeValueAsBytes(e)))
          .get();
    }
  }

  /** A delivery record as the previous alert worker wrote it. */
  static void producePreviousRecord(String tenant, String fingerprint, Instant time)
      throws Exception {
    String id = "previous-" + tenant;
    String json =
        "{\"deliveryId\":\""
            + id
            + "\",\"tenantId\":\""
            + tenant
            + "\",\"channelId\":\"ok\",\"fingerprint\":\""
            + fingerprint
            + "\",\"sequence\":1,\"status\":\"DELIVERED\",\"outcome\":\"DELIVERED\","
            + "\"attempts\":1,\"lastStatus\":0,\"error\":null,\"time\":\""
            + time
            + "\"}";
    try (KafkaProducer<String, byte[]> p = producer()) {
      p.send(
              new ProducerRecord<>(
                  Topics.ALERT_DELIVERIES, id + "|ok", json.getBytes(StandardCharsets.UTF_8)))
          .get();
    }
  }

  /** Unreadable records ahead of every delivery the test makes, on each partition. */
  static void poisonEveryDeliveriesPartition() throws Exception {
    try (KafkaProducer<String, byte[]> p = producer()) {
      for (PartitionInfo part : p.partitionsFor(Topics.ALERT_DELIVERIES)) {
        p.send(
                new ProducerRecord<>(
                    Topics.ALERT_DELIVERIES,
                    part.partition(),
                    "poison|" + part.partition(),
                    "{not json".getBytes(StandardCharsets.UTF_8)))
            .get();
      }
    }
  }

  static KafkaProducer<String, byte[]> producer() {
    return new KafkaProducer<>(
        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedServers.kafkaBootstrap()),
        new StringSerializer(),
        new ByteArraySerializer());
  }

  /** {@code /ok} answers 200, {@code /refusing} 403 echoing its query; both note what came. */
  static HttpServer receivers(List<String> received) throws Exception {
    HttpServer s =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
    s.createContext(
        "/ok",
        ex -> {
          JsonNode body = Json.MAPPER.readTree(ex.getRequestBody().readAllBytes());
          received.add("ok " + body.path("title").asText().replace("[", ""));
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    s.createContext(
        "/refusing",
        ex -> {
          ex.getRequestBody().readAllBytes();
          received.add("refusing");
          byte[] body =
              ("{\"error\":\"hook retired\",\"url\":\"http://127.0.0.1/refusing?"
                      + ex.getRequestURI().getRawQuery()
                      + "\",\"token\":\""
                      + TOKEN
                      + "\",\"note\":\"expected a signature made with "
                      + SECRET
                      + "\"}")
                  .getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(403, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    s.start();
    return s;
  }

  static void channel(String api, String key, String id, String name, String url) throws Exception {
    call(
        api,
        "POST",
        "/api/v1/channels",
        key,
        "{\"id\":\""
            + id
            + "\",\"name\":\""
            + name
            + "\",\"channel\":{\"type\":\"WEBHOOK\",\"url\":\""
            + url
            + "\",\"secret\":\""
            + SECRET
            + "\"}}",
        201);
  }

  static String tenantKey(String api, String adminToken, String tenant) throws Exception {
    call(api, "POST", "/api/v1/admin/tenants", adminToken, "{\"id\":\"" + tenant + "\"}", 201);
    return TestApi.json(
            TestApi.call(
                "POST", api + "/api/v1/admin/tenants/" + tenant + "/keys", adminToken, "{}"))
        .get("key")
        .asText();
  }

  static void call(String api, String method, String path, String token, String body, int want)
      throws Exception {
    HttpResponse<String> r = TestApi.call(method, api + path, token, body);
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(want);
  }

  static List<JsonNode> deliveries(String api, String key, String path) throws Exception {
    HttpResponse<String> r = TestApi.call("GET", api + path, key, null);
    if (r.statusCode() == 404) {
      return List.of(); // the alert is not stored yet
    }
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    List<JsonNode> out = new ArrayList<>();
    TestApi.json(r).get("deliveries").forEach(out::add);
    return out;
  }
}
