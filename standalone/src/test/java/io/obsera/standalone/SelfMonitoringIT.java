package io.obsera.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.clickhouse.client.api.Client;
import io.obsera.model.RecordHeaders;
import io.obsera.model.RecordKeys;
import io.obsera.model.Topics;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.OtlpFixtures;
import io.obsera.testing.TestApi;
import io.obsera.testing.TestClickHouse;
import io.obsera.testing.TestKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Obsera watching itself, as an operator sets it up: a standalone runtime on the real Kafka and
 * ClickHouse; the operator's webhook channel and routing stored with the admin token through the
 * API (tenant {@code _operator}); spans flowing into Kafka the whole time. The ClickHouse writer is
 * held (it keeps its group membership but commits nothing): the {@code writer-stalled} page reaches
 * the webhook, signed, and when the writer resumes, its resolve.
 */
@ExtendWith(ObseraServersExtension.class)
class SelfMonitoringIT {
  static final String SECRET = "whsec-selfmon-0123456789";

  @Test
  void should_pageTheOperatorsWebhook_onAWriterStall_andResolve_whenTheWriterResumes()
      throws Exception {
    Map<String, String> env = StandaloneTestEnv.of("selfmon");
    env.put("OBSERA_STANDALONE_PROBES", "none");
    env.put("OBSERA_ALERT_TICK_MS", "200");
    env.put("OBSERA_TARGET_ALLOWLIST", "127.0.0.0/8");
    env.put("OBSERA_SELFMON_INTERVAL_MS", "1000");
    env.put("OBSERA_SELFMON_WRITER_STALL_MS", "4000");
    String tenant = TestKafka.uniqueName("selfmon-data");
    AtomicInteger sent = new AtomicInteger();
    ScheduledExecutorService traffic = Executors.newSingleThreadScheduledExecutor();
    try (SignedWebhookReceiver hook = new SignedWebhookReceiver(SECRET);
        Standalone obsera =
            Standalone.start(
                StandaloneConfig.fromEnv(env), new PrintStream(new ByteArrayOutputStream()));
        KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, obsera.kafkaBootstrap()),
                new StringSerializer(),
                new ByteArraySerializer());
        Client ch = TestClickHouse.adminClient()) {
      String api = "http://127.0.0.1:" + obsera.apiPort() + "/api/v1/admin/operator";
      // a tenant's key or no token cannot touch the operator's channels
      assertThat(TestApi.call("GET", api + "/channels", null, null).statusCode()).isEqualTo(401);
      assertThat(TestApi.call("GET", api + "/channels", "not-the-token", null).statusCode())
          .isEqualTo(401);
      String channel =
          "{\"id\":\"ops-hook\",\"name\":\"Operator webhook\",\"channel\":{\"type\":\"WEBHOOK\","
              + "\"url\":\""
              + hook.url()
              + "\",\"secret\":\""
              + SECRET
              + "\"}}";
      assertThat(TestApi.call("POST", api + "/channels", obsera.adminToken(), channel).statusCode())
          .isEqualTo(201);
      var listed = TestApi.json(TestApi.call("GET", api + "/channels", obsera.adminToken(), null));
      assertThat(listed.get(0).get("tenantId").asText()).isEqualTo("_operator");
      assertThat(listed.get(0).get("channel").get("secret").asText()).isEqualTo("***");
      String routing =
          "{\"defaultChannels\":[\"ops-hook\"],\"defaultGroupBy\":[\"rule\"],\"groupWaitMs\":0,"
              + "\"groupIntervalMs\":1000,\"repeatIntervalMs\":3600000}";
      var stored = TestApi.call("PUT", api + "/alert-routing", obsera.adminToken(), routing);
      assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);

      traffic.scheduleWithFixedDelay(
          () -> send(producer, tenant, sent.incrementAndGet()), 0, 100, TimeUnit.MILLISECONDS);
      // the writer stores what flows in, and while it does no stall is reported
      String db = obsera.clickHouse().database();
      await().atMost(Duration.ofSeconds(90)).until(() -> stored(ch, db, tenant) > 10);
      await()
          .during(Duration.ofSeconds(6)) // longer than the stall duration
          .atMost(Duration.ofSeconds(10))
          .until(() -> stalled(hook).isEmpty());

      obsera.writer().hold(true);
      await().atMost(Duration.ofSeconds(60)).until(() -> !stalled(hook).isEmpty());
      SignedWebhookReceiver.Delivery page = stalled(hook).get(0);
      assertThat(page.signatureValid()).isTrue();
      assertThat(page.state()).isEqualTo("firing");
      assertThat(page.body().get("tenantId").asText()).isEqualTo("_operator");
      assertThat(page.body().get("severity").asText()).isEqualToIgnoringCase("page");
      assertThat(page.body().get("labels").get("component").asText()).isEqualTo("writer");
      assertThat(page.body().get("summary").asText())
          .contains(env.get("OBSERA_STREAMS_APPLICATION_ID") + "-clickhouse-writer")
          .contains("records wait");

      long storedWhileHeld = stored(ch, db, tenant);
      assertThat(storedWhileHeld).isLessThan(sent.get());
      obsera.writer().hold(false);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> stalled(hook).stream().anyMatch(d -> d.state().equals("resolved")));
      List<SignedWebhookReceiver.Delivery> all = stalled(hook);
      assertThat(all)
          .extracting(SignedWebhookReceiver.Delivery::state)
          .containsExactly("firing", "resolved");
      assertThat(all.get(1).signatureValid()).isTrue();
      assertThat(all.get(1).body().get("fingerprint").asText())
          .isEqualTo(page.body().get("fingerprint").asText());
      // and it caught up with what flowed in while it was held
      await().atMost(Duration.ofSeconds(60)).until(() -> stored(ch, db, tenant) > storedWhileHeld);
    } finally {
      traffic.shutdownNow();
    }
  }

  /** The writer-stalled notifications received so far, in order. */
  private static List<SignedWebhookReceiver.Delivery> stalled(SignedWebhookReceiver hook) {
    return hook.received().stream()
        .filter(d -> "writer-stalled".equals(d.body().path("labels").path("rule").asText()))
        .toList();
  }

  private static long stored(Client ch, String db, String tenant) {
    return ch.queryAll(
            "SELECT count() FROM " + db + ".otel_traces WHERE TenantId = {t:String}",
            Map.of("t", tenant))
        .get(0)
        .getLong(1);
  }

  private static void send(KafkaProducer<String, byte[]> producer, String tenant, int n) {
    String trace = String.format("%032x", n);
    String key = tenant + "|" + trace;
    ProducerRecord<String, byte[]> r =
        new ProducerRecord<>(Topics.OTLP_SPANS, key, OtlpFixtures.spans(trace, "cart", 1));
    r.headers().add(RecordHeaders.TENANT, RecordHeaders.bytes(RecordKeys.tenantOf(key)));
    producer.send(r);
  }
}
