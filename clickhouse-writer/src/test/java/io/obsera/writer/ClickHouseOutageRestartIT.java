package io.obsera.writer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.clickhouse.client.api.Client;
import io.obsera.embedded.EmbeddedClickHouse;
import io.obsera.model.ClickHouseSettings;
import io.obsera.model.RecordHeaders;
import io.obsera.model.Topics;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.schema.ClickHouseClients;
import io.obsera.testing.OtlpFixtures;
import io.obsera.testing.OwnServers;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestControlKeys;
import io.obsera.testing.TestKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Kafka is the buffer: with ClickHouse stopped, the writer keeps the data in Kafka, and once
 * ClickHouse is back every span lands exactly once. Runs its own ClickHouse (it stops it), so it
 * lives in the separate restart execution.
 */
class ClickHouseOutageRestartIT {
  static final String TENANT = "outage-" + UUID.randomUUID().toString().substring(0, 8);

  @Test
  void should_landEverySpanOnce_afterClickHouseComesBack() throws Exception {
    Path dataDir = Files.createTempDirectory(Path.of("target"), "outage-clickhouse-");
    EmbeddedClickHouse.Config chConfig = OwnServers.clickHouseConfig(dataDir);
    EmbeddedClickHouse clickHouse = OwnServers.startClickHouse(chConfig);
    String kafka = SharedServers.kafkaBootstrap();
    TopicProvisioner.ensure(kafka, Map.of(), Topics.all(2));
    ClickHouseSettings settings = OwnServers.clickHouseSettings(chConfig, "obsera");
    WriterService service =
        new WriterService(
            WriterServiceConfig.of(
                kafka,
                TestKafka.uniqueName("outage-writer"),
                settings,
                TestControlKeys.verifying()));
    KafkaProducer<String, byte[]> producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka, ProducerConfig.ACKS_CONFIG, "all"),
            new StringSerializer(),
            new ByteArraySerializer());
    try (Client ch = ClickHouseClients.create(settings)) {
      service.migrate();
      service.start();
      sendTraces(producer, 0, 10);
      await().atMost(Duration.ofSeconds(60)).until(() -> spans(ch) == 10);

      clickHouse.close();
      sendTraces(producer, 10, 30);
      await().atMost(Duration.ofSeconds(30)).until(() -> service.writer().lastError() != null);

      clickHouse = OwnServers.startClickHouse(chConfig);
      await().atMost(Duration.ofSeconds(90)).until(() -> spans(ch) == 30);
      assertThat(
              ch.queryAll(
                      "SELECT uniqExact(SpanId) AS u FROM otel_traces WHERE TenantId = {t:String}",
                      Map.of("t", TENANT))
                  .get(0)
                  .getLong("u"))
          .isEqualTo(30);
      await().atMost(Duration.ofSeconds(10)).until(() -> service.writer().lastError() == null);
    } finally {
      producer.close();
      service.close();
      clickHouse.close();
    }
  }

  static long spans(Client ch) {
    try {
      return ch.queryAll(
              "SELECT count() AS c FROM otel_traces WHERE TenantId = {t:String}",
              Map.of("t", TENANT))
          .get(0)
          .getLong("c");
    } catch (RuntimeException e) {
      return -1; // ClickHouse not answering yet
    }
  }

  static void sendTraces(KafkaProducer<String, byte[]> producer, int from, int to)
      throws Exception {
    for (int i = from; i < to; i++) {
      String trace = String.format("%032x", i + 1);
      ProducerRecord<String, byte[]> r =
          new ProducerRecord<>(
              Topics.OTLP_SPANS,
              TENANT + "|" + trace,
              OtlpFixtures.spans(trace, "svc", i % 100 + 1));
      r.headers().add(RecordHeaders.TENANT, RecordHeaders.bytes(TENANT));
      producer.send(r).get();
    }
  }
}
