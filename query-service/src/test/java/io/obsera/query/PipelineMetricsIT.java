package io.obsera.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.clickhouse.client.api.Client;
import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.model.ClickHouseSettings;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.schema.SchemaMigrator;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestClickHouse;
import io.obsera.testing.TestControlKeys;
import io.obsera.testing.TestKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Pipeline lag, dead letters and freshness as Prometheus gauges at the query service's /metrics.
 */
@ExtendWith(ObseraServersExtension.class)
class PipelineMetricsIT {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static final String APP = TestKafka.uniqueName("pm-app");
  static final String WRITER_GROUP = APP + "-clickhouse-writer";
  static final String TOPIC = TestKafka.uniqueName("pm-topic");
  static QueryServer service;
  static Admin admin;
  static String base;

  @BeforeAll
  static void start() throws Exception {
    String kafka = SharedServers.kafkaBootstrap();
    TopicProvisioner.ensure(kafka, Map.of(), Topics.all(2));
    TestKafka.createTopics(1, TOPIC);
    try (KafkaProducer<String, String> p =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka),
            new StringSerializer(),
            new StringSerializer())) {
      for (int i = 0; i < 10; i++) {
        p.send(new ProducerRecord<>(TOPIC, "k" + i, "v" + i)).get();
      }
    }
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka));
    commit(3);
    String db = TestClickHouse.createDatabase("pipeline");
    try (Client client = TestClickHouse.adminClient()) {
      new SchemaMigrator(client, db).migrate();
      client.queryAll(
          "INSERT INTO "
              + db
              + ".otel_traces (TenantId, Timestamp, TraceId, SpanId, SpanName, ServiceName)"
              + " VALUES ('t', now64(9) - INTERVAL 2 SECOND, '5b8efff798038103d269b633813fc60c',"
              + " '00f067aa0ba902b7', 'GET /', 'web')");
      client.queryAll(
          "INSERT INTO "
              + db
              + ".health_checks (TenantId, EndpointId, Region, Time, Outcome)"
              + " VALUES ('t', 'api', 'eu-west', now64(3) - INTERVAL 3 SECOND, 'UP')");
      client.queryAll(
          "INSERT INTO "
              + db
              + ".alerts (TenantId, Fingerprint, Source, Severity, State, Sequence, StartsAt,"
              + " EventTime) VALUES ('t', 'fp', 'OUTAGE', 'PAGE', 'FIRING', 1,"
              + " now64(9) - INTERVAL 10 SECOND, now64(9) - INTERVAL 4 SECOND)");
    }
    SharedServers.ClickHouseEndpoint e = SharedServers.clickHouse();
    ClickHouseSettings ch = new ClickHouseSettings(e.httpUrl(), e.user(), e.password(), db);
    service =
        new QueryServer(
                new QueryConfig(
                    "127.0.0.1",
                    0,
                    kafka,
                    ch,
                    "admin-token-" + UUID.randomUUID(),
                    APP,
                    Map.of(),
                    TestControlKeys.trust()))
            .start();
    base = "http://127.0.0.1:" + service.port();
  }

  @AfterAll
  static void stop() {
    service.close();
    admin.close();
  }

  static void commit(long offset) throws Exception {
    admin
        .alterConsumerGroupOffsets(
            WRITER_GROUP, Map.of(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(offset)))
        .all()
        .get();
  }

  static String get(String path) throws Exception {
    HttpResponse<String> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(base + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  static Double gauge(String text, String name, String labels) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name + labels) + " (\\S+)$").matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : null;
  }

  @Test
  void should_exposeLagPerGroupAndTopic_deadLetters_andFreshness_asPrometheusGauges()
      throws Exception {
    String text = get("/metrics");
    String lagLabels = "{group=\"" + WRITER_GROUP + "\",topic=\"" + TOPIC + "\"}";
    assertThat(gauge(text, "obsera_pipeline_consumer_lag_records", lagLabels)).isEqualTo(7.0);
    assertThat(
            gauge(text, "obsera_pipeline_consumer_lag_known", "{group=\"" + WRITER_GROUP + "\"}"))
        .isEqualTo(1.0);
    assertThat(gauge(text, "obsera_pipeline_consumer_lag_known", "{group=\"" + APP + "\"}"))
        .as("the topology group has committed nothing")
        .isEqualTo(0.0);
    assertThat(gauge(text, "obsera_pipeline_dead_letter_records", "")).isNotNull().isNotNegative();
    assertThat(gauge(text, "obsera_pipeline_freshness_seconds", "{signal=\"traces\"}"))
        .isBetween(0.0, 120.0);
    assertThat(gauge(text, "obsera_pipeline_freshness_seconds", "{signal=\"probes\"}"))
        .isBetween(2.0, 120.0);
    assertThat(gauge(text, "obsera_pipeline_freshness_seconds", "{signal=\"alerts\"}"))
        .isBetween(3.0, 120.0);
    assertThat(gauge(text, "obsera_pipeline_freshness_seconds", "{signal=\"metrics\"}"))
        .as("no metric rows: no freshness rather than a made-up age")
        .isNull();

    JsonNode health = Json.MAPPER.readTree(get("/health")).get("pipeline");
    assertThat(health.get("consumerLag").get(WRITER_GROUP).asLong()).isEqualTo(7);
    assertThat(health.get("consumerLagByTopic").get(WRITER_GROUP).get(TOPIC).asLong()).isEqualTo(7);

    // The writer catches up: the gauge follows once the cached snapshot expires.
    commit(10);
    await()
        .atMost(Duration.ofSeconds(20))
        .untilAsserted(
            () ->
                assertThat(
                        gauge(get("/metrics"), "obsera_pipeline_consumer_lag_records", lagLabels))
                    .isEqualTo(0.0));
  }
}
