package io.obsera.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.alert.AlertEvent;
import io.obsera.model.alert.AlertSource;
import io.obsera.model.alert.AlertState;
import io.obsera.model.alert.Severity;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.OtelSdkClient;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestApi;
import io.opentelemetry.api.trace.Span;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The alerts read side end to end: AlertEvents produced to {@code obsera.alerts.events} (as the
 * evaluator emits them, replays included) are written by the standalone writer to {@code alerts}
 * and read through {@code /api/v1/alerts} (latest state, filters, pages) and the timeline (a
 * service's fired and resolved items; a trace's alerts of its services firing during the trace, the
 * trace's spans sent with the OpenTelemetry SDK).
 */
@ExtendWith(ObseraServersExtension.class)
class AlertsReadEndToEndIT {
  static final String TENANT = "default";

  static AlertEvent event(
      String fingerprint,
      String service,
      Severity severity,
      AlertState state,
      long sequence,
      Instant startsAt,
      Instant time) {
    return new AlertEvent(
        TENANT,
        fingerprint,
        "rule-" + fingerprint,
        "Alert " + fingerprint,
        AlertSource.BURN_RATE,
        severity,
        state,
        sequence,
        Map.of(
            "severity",
            severity.name().toLowerCase(),
            "source",
            "burn_rate",
            "service",
            service,
            "slo",
            "slo-" + fingerprint),
        state + " #" + sequence + " of " + fingerprint,
        state == AlertState.RESOLVED ? null : 10.0 + sequence,
        14.4,
        startsAt,
        state == AlertState.RESOLVED ? time : null,
        time);
  }

  @Test
  void should_listAlertsInTheirLatestState_andShowThemInTimelines() throws Exception {
    Map<String, String> env = StandaloneTestEnv.of("alerts-read");
    env.put("OBSERA_STANDALONE_PROBES", "none");
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String svc = "svc-" + suffix;
    String a = "fpa" + suffix;
    String b = "fpb" + suffix;
    String c = "fpc" + suffix;
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    Instant t1 = now.minus(Duration.ofMinutes(20));
    Instant t2 = now.minus(Duration.ofMinutes(5));
    List<AlertEvent> events =
        List.of(
            event(a, svc, Severity.PAGE, AlertState.FIRING, 1, t1, t1),
            event(a, svc, Severity.PAGE, AlertState.FIRING, 2, t1, t1.plusSeconds(30)),
            event(a, svc, Severity.PAGE, AlertState.RESOLVED, 3, t1, t1.plusSeconds(60)),
            event(a, svc, Severity.PAGE, AlertState.FIRING, 1, t1, t1), // replayed
            event(b, svc, Severity.TICKET, AlertState.FIRING, 1, t2, t2),
            event(c, "other-" + suffix, Severity.INFO, AlertState.FIRING, 1, t2, t2));

    try (Standalone obsera = Standalone.start(StandaloneConfig.fromEnv(env), System.out)) {
      String api = "http://127.0.0.1:" + obsera.apiPort();
      String key = obsera.apiKey();
      try (KafkaProducer<String, byte[]> p =
          new KafkaProducer<>(
              Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedServers.kafkaBootstrap()),
              new StringSerializer(),
              new ByteArraySerializer())) {
        for (AlertEvent e : events) {
          p.send(
                  new ProducerRecord<>(
                      Topics.ALERT_EVENTS, e.key(), Json.MAPPER.writeValueAsBytes(e)))
              .get();
        }
      }
      String traceId;
      try (OtelSdkClient sdk =
          new OtelSdkClient("http://127.0.0.1:" + obsera.otlpHttpPort(), key, svc)) {
        Span span = sdk.tracer().spanBuilder("GET /cart").startSpan();
        traceId = span.getSpanContext().getTraceId();
        span.end();
        assertThat(sdk.flush()).isTrue();
      }

      String bySvc = "/api/v1/alerts?service=" + enc(svc);
      await().atMost(Duration.ofSeconds(60)).until(() -> alerts(api, key, bySvc).size() == 2);
      List<JsonNode> listed = alerts(api, key, bySvc);
      JsonNode newest = listed.get(0);
      assertThat(newest.get("fingerprint").asText()).isEqualTo(b);
      assertThat(newest.get("state").asText()).isEqualTo("FIRING");
      assertThat(newest.get("severity").asText()).isEqualTo("TICKET");
      assertThat(newest.get("endsAt").isNull()).isTrue();
      JsonNode resolved = listed.get(1);
      assertThat(resolved.get("fingerprint").asText()).isEqualTo(a);
      assertThat(resolved.get("state").asText()).isEqualTo("RESOLVED");
      assertThat(resolved.get("sequence").asLong()).isEqualTo(3);
      assertThat(resolved.get("summary").asText()).isEqualTo("RESOLVED #3 of " + a);
      assertThat(resolved.get("value").isNull()).as("the resolving event's value").isTrue();
      assertThat(resolved.get("threshold").asDouble()).isEqualTo(14.4);
      assertThat(Instant.parse(resolved.get("startsAt").asText())).isEqualTo(t1);
      assertThat(Instant.parse(resolved.get("endsAt").asText())).isEqualTo(t1.plusSeconds(60));
      assertThat(resolved.get("labels").get("slo").asText()).isEqualTo("slo-" + a);
      assertThat(resolved.get("links").get("budget").asText())
          .isEqualTo("/api/v1/slos/slo-" + a + "/budget");

      assertThat(fingerprints(api, key, bySvc + "&state=firing")).containsExactly(b);
      assertThat(fingerprints(api, key, bySvc + "&state=RESOLVED")).containsExactly(a);
      assertThat(fingerprints(api, key, bySvc + "&severity=page")).containsExactly(a);
      // Resolved before the range starts: not in it.
      assertThat(fingerprints(api, key, bySvc + "&from=" + nanos(t1.plusSeconds(120))))
          .containsExactly(b);
      assertThat(fingerprints(api, key, bySvc + "&to=" + nanos(t1.plusSeconds(1))))
          .containsExactly(a);
      JsonNode page1 = get(api, key, bySvc + "&limit=1");
      assertThat(page1.get("alerts").get(0).get("fingerprint").asText()).isEqualTo(b);
      String cursor = page1.get("nextCursor").asText();
      JsonNode page2 = get(api, key, bySvc + "&limit=1&cursor=" + enc(cursor));
      assertThat(page2.get("alerts").get(0).get("fingerprint").asText()).isEqualTo(a);
      assertThat(page2.get("nextCursor").isNull()).isTrue();
      for (String bad : new String[] {"state=open", "severity=urgent", "limit=0", "cursor=x"}) {
        HttpResponse<String> r = TestApi.call("GET", api + bySvc + "&" + bad, key, null);
        assertThat(r.statusCode()).as(bad).isEqualTo(400);
        assertThat(r.body()).contains("parameter '" + bad.substring(0, bad.indexOf('=')) + "'");
      }

      // The service's timeline: a's fired and resolved items, b's fired item, in time order.
      JsonNode timeline =
          get(
              api,
              key,
              "/api/v1/timeline?service=" + enc(svc) + "&from=" + nanos(t1.minusSeconds(60)));
      assertThat(alertItems(timeline))
          .containsExactly(
              nanos(t1) + " PAGE Alert " + a + " FIRING FIRING #1 of " + a,
              nanos(t1.plusSeconds(60)) + " PAGE Alert " + a + " RESOLVED RESOLVED #3 of " + a,
              nanos(t2) + " TICKET Alert " + b + " FIRING FIRING #1 of " + b);

      // The trace's timeline: b fires during the trace, a resolved before it.
      String byTrace = "/api/v1/timeline?traceId=" + traceId;
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> get(api, key, byTrace).get("items").size() >= 2);
      JsonNode traceTimeline = get(api, key, byTrace);
      assertThat(alertItems(traceTimeline))
          .as(traceTimeline.toString())
          .containsExactly(nanos(t2) + " TICKET Alert " + b + " FIRING FIRING #1 of " + b);
    }
  }

  static List<String> alertItems(JsonNode timeline) {
    List<String> out = new ArrayList<>();
    for (JsonNode item : timeline.get("items")) {
      if (item.get("type").asText().equals("alert")) {
        out.add(
            item.get("timeUnixNano").asText()
                + " "
                + item.get("name").asText()
                + " "
                + item.get("extra").asText()
                + " "
                + item.get("detail").asText());
      }
    }
    return out;
  }

  static List<JsonNode> alerts(String api, String key, String path) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    get(api, key, path).get("alerts").forEach(out::add);
    return out;
  }

  static List<String> fingerprints(String api, String key, String path) throws Exception {
    return alerts(api, key, path).stream().map(n -> n.get("fingerprint").asText()).toList();
  }

  static JsonNode get(String api, String key, String path) throws Exception {
    HttpResponse<String> r = TestApi.call("GET", api + path, key, null);
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
    return TestApi.json(r);
  }

  static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
