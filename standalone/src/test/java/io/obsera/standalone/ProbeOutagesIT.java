package io.obsera.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.control.EndpointDefinition;
import io.obsera.model.control.Scope;
import io.obsera.model.probe.CheckOutcome;
import io.obsera.model.probe.OutageEvent;
import io.obsera.model.probe.ProbeAttributes;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.OtelSdkClient;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestClickHouse;
import io.obsera.testing.TestControlKeys;
import io.obsera.testing.TestKafka;
import io.obsera.testing.TestTenants;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Probe results from three regions, reported with the OpenTelemetry SDK through the real ingest
 * bridge (an INGEST key of the tenant: the tenant comes from the key), become {@code health_checks}
 * rows, and a quorum of failing regions an outage that opens and resolves in {@code outages} and on
 * {@link Topics#OUTAGE_EVENTS}.
 */
@ExtendWith(ObseraServersExtension.class)
class ProbeOutagesIT {
  static final List<String> REGIONS = List.of("eu-west", "us-east", "ap-south");
  static final String ENDPOINT = "checkout-api";

  @Test
  void should_storeChecks_andOpenThenResolveAnOutage_forAQuorumOfFailingRegions() throws Exception {
    Map<String, String> env = StandaloneTestEnv.of("probe-it");
    env.put("OBSERA_OUTAGE_TICK_MS", "500");
    // The checks here come from the SDK clients only: the runtime's own agents would probe the
    // endpoint now, ten minutes after these checks, which opens and resolves a NO_DATA outage.
    env.put("OBSERA_STANDALONE_PROBES", "none");
    String kafka = SharedServers.kafkaBootstrap();
    TopicProvisioner.ensure(kafka, Map.of(), Topics.all(3));
    String tenant = TestKafka.uniqueName("probe");
    String key = TestTenants.createWithKey(kafka, tenant, Set.of(Scope.INGEST)).token();
    // Checks 30 s apart in event time, ten minutes ago: an interval of a minute keeps NO_DATA out.
    Instant base = Instant.now().minus(Duration.ofMinutes(10)).truncatedTo(ChronoUnit.SECONDS);
    EndpointDefinition endpoint = endpoint(tenant, base);
    try (ControlPlaneWriter control =
        new ControlPlaneWriter(kafka, Map.of(), TestControlKeys.signer())) {
      control.put(Topics.CONTROL_ENDPOINTS, endpoint.key(), endpoint);
    }

    try (Standalone obsera =
            Standalone.start(
                StandaloneConfig.fromEnv(env), new PrintStream(new ByteArrayOutputStream()));
        Client ch = TestClickHouse.adminClient()) {
      String db = obsera.clickHouse().database();
      Map<String, OtelSdkClient> agents = new LinkedHashMap<>();
      for (String region : REGIONS) {
        agents.put(
            region,
            new OtelSdkClient(
                "http://127.0.0.1:" + obsera.otlpHttpPort(),
                key,
                ProbeAttributes.SERVICE_NAME,
                // No obsera.tenant: an INGEST key files under its own tenant.
                Attributes.of(
                    AttributeKey.stringKey(ProbeAttributes.REGION),
                    region,
                    AttributeKey.stringKey(ProbeAttributes.AGENT),
                    region + "-agent")));
      }
      Map<String, Object> params = Map.of("t", tenant);
      try {
        // One region failing alone, then a second one: with K = 2 the outage opens at 60 s and
        // starts at us-east's first failure (30 s); us-east recovers at 90 s.
        round(agents, ch, db, params, 1, base, CheckOutcome.UP, CheckOutcome.UP);
        round(
            agents, ch, db, params, 2, base.plusSeconds(30), CheckOutcome.DOWN, CheckOutcome.DOWN);
        round(
            agents, ch, db, params, 3, base.plusSeconds(60), CheckOutcome.DOWN, CheckOutcome.DOWN);
        GenericRecord open = awaitOutage(ch, db, params, "OPEN");
        assertThat(open.getInstant("StartTime")).isEqualTo(base.plusSeconds(30));
        assertThat(open.getObject("EndTime")).isNull();
        round(agents, ch, db, params, 4, base.plusSeconds(90), CheckOutcome.DOWN, CheckOutcome.UP);
      } finally {
        agents.values().forEach(OtelSdkClient::close);
      }

      GenericRecord resolved = awaitOutage(ch, db, params, "RESOLVED");
      assertThat(resolved.getString("Kind")).isEqualTo("DOWN");
      assertThat(resolved.getInstant("StartTime")).isEqualTo(base.plusSeconds(30));
      assertThat(resolved.getInstant("EndTime")).isEqualTo(base.plusSeconds(90));
      assertThat(resolved.getString("Regions")).contains("eu-west", "us-east").doesNotContain("ap");
      assertThat(
              count(
                  ch,
                  "SELECT count() FROM "
                      + db
                      + ".health_checks WHERE TenantId = {t:String} AND Outcome = 'DOWN'"
                      + " AND StatusCode = 503 AND Error = 'expected 200-299, got 503'"
                      + " AND Agent = Region || '-agent' AND TotalMs = 120",
                  params))
          .isEqualTo(5);
      assertThat(
              count(
                  ch,
                  "SELECT count() FROM " + db + ".health_checks WHERE TenantId = {t:String}",
                  params))
          .as("the checks of the tenant are the SDK clients' four rounds of three, no other")
          .isEqualTo(12);

      List<OutageEvent> events = outageEvents(kafka, tenant + "|" + ENDPOINT, 2);
      assertThat(events)
          .extracting(OutageEvent::state, OutageEvent::kind, OutageEvent::regions)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(
                  OutageEvent.State.OPEN, OutageEvent.Kind.DOWN, List.of("eu-west", "us-east")),
              org.assertj.core.groups.Tuple.tuple(
                  OutageEvent.State.RESOLVED,
                  OutageEvent.Kind.DOWN,
                  List.of("eu-west", "us-east")));
      assertThat(events).extracting(OutageEvent::outageId).containsOnly(events.get(0).outageId());
      assertThat(events.get(1).endedAt()).isEqualTo(base.plusSeconds(90));
    }
  }

  static EndpointDefinition endpoint(String tenant, Instant created) {
    return new EndpointDefinition(
            tenant,
            ENDPOINT,
            "Checkout API",
            "checkout",
            "https://checkout.example.com/health",
            "GET",
            null,
            null,
            null,
            null,
            60_000L,
            5_000L,
            REGIONS,
            2,
            2,
            null,
            null,
            null,
            true,
            created,
            created,
            "test")
        .withDefaults()
        .requireValid();
  }

  /**
   * One check per region at {@code t} (eu-west {@code eu}, us-east {@code us}, ap-south always UP),
   * then waits until the writer stored all of them, so rounds reach the state machine in order.
   */
  static void round(
      Map<String, OtelSdkClient> agents,
      Client ch,
      String db,
      Map<String, Object> params,
      int n,
      Instant t,
      CheckOutcome eu,
      CheckOutcome us) {
    Map<String, CheckOutcome> outcomes =
        Map.of("eu-west", eu, "us-east", us, "ap-south", CheckOutcome.UP);
    agents.forEach(
        (region, sdk) -> {
          CheckOutcome o = outcomes.get(region);
          Span span =
              sdk.tracer()
                  .spanBuilder(ENDPOINT)
                  .setSpanKind(SpanKind.CLIENT)
                  .setStartTimestamp(t)
                  .setAttribute(ProbeAttributes.ENDPOINT_ID, ENDPOINT)
                  .setAttribute(ProbeAttributes.OUTCOME, o.name())
                  .setAttribute("url.full", "https://checkout.example.com/health")
                  .setAttribute("http.request.method", "GET")
                  .setAttribute("http.response.status_code", o == CheckOutcome.DOWN ? 503L : 200L)
                  .setAttribute(ProbeAttributes.TOTAL_MS, 120.0)
                  .startSpan();
          if (o == CheckOutcome.DOWN) {
            span.setAttribute(ProbeAttributes.ERROR, "expected 200-299, got 503");
            span.setStatus(StatusCode.ERROR, "expected 200-299, got 503");
          }
          span.end(t.plusMillis(120));
          assertThat(sdk.flush()).as("exports failed: %d", sdk.exportsFailed()).isTrue();
        });
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                count(
                        ch,
                        "SELECT count() FROM " + db + ".health_checks WHERE TenantId = {t:String}",
                        params)
                    >= 3L * n);
  }

  static GenericRecord awaitOutage(Client ch, String db, Map<String, Object> params, String state) {
    List<GenericRecord> rows = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              rows.clear();
              rows.addAll(
                  ch.queryAll(
                      "SELECT Kind, State, StartTime, EndTime, toString(Regions) AS Regions"
                          + " FROM "
                          + db
                          + ".outages FINAL WHERE TenantId = {t:String}",
                      params));
              return rows.size() == 1 && rows.get(0).getString("State").equals(state);
            });
    return rows.get(0);
  }

  static long count(Client ch, String sql, Map<String, Object> params) {
    return ch.queryAll(sql, params).get(0).getLong(1);
  }

  /** The committed events of {@code key} on the outage topic, once there are {@code n}. */
  static List<OutageEvent> outageEvents(String kafka, String key, int n) {
    List<OutageEvent> found = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed"),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> parts =
          c.partitionsFor(Topics.OUTAGE_EVENTS).stream()
              .map(p -> new TopicPartition(Topics.OUTAGE_EVENTS, p.partition()))
              .toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                for (var r : c.poll(Duration.ofMillis(200))) {
                  if (key.equals(r.key())) {
                    found.add(Json.MAPPER.readValue(r.value(), OutageEvent.class));
                  }
                }
                return found.size() >= n;
              });
    }
    return found;
  }
}
