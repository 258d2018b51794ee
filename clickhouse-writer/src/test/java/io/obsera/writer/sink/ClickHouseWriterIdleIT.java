package io.obsera.writer.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.clickhouse.client.api.Client;
import io.obsera.model.ClickHouseSettings;
import io.obsera.model.Topics;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.schema.ClickHouseClients;
import io.obsera.schema.SchemaMigrator;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestClickHouse;
import io.obsera.testing.TestKafka;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An idle writer leaves the broker alone: its consumer's empty fetches are held 2 s, not Kafka's
 * 500 ms (the in-process broker answers every one of them, a cost of the idle runtime), and a span
 * that arrives still ends the held fetch at once and lands within the flush interval.
 */
@ExtendWith(ObseraServersExtension.class)
class ClickHouseWriterIdleIT {
  @Test
  void should_holdEmptyFetches_andStillWriteASpanAtOnce_whenIdle() throws Exception {
    String kafka = SharedServers.kafkaBootstrap();
    TopicProvisioner.ensure(kafka, Map.of(), Topics.all(2));
    String db = TestClickHouse.createDatabase("idle");
    SharedServers.ClickHouseEndpoint e = SharedServers.clickHouse();
    ClickHouseSettings settings = new ClickHouseSettings(e.httpUrl(), e.user(), e.password(), db);
    WriterConfig config =
        new WriterConfig(
            kafka, TestKafka.uniqueName("idle-writer"), 1000, 200, 30_000, 100, 1000, Map.of());
    try (Client ch = ClickHouseClients.create(settings);
        Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka));
        KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka),
                new StringSerializer(),
                new ByteArraySerializer())) {
      new SchemaMigrator(ch, db).migrate();
      ClickHouseWriter writer = new ClickHouseWriter(ch, config, Clock.systemUTC());
      // the group starts at the end of every topic: what other tests left there is not read
      admin
          .alterConsumerGroupOffsets(
              config.groupId(), ClickHouseWriterReplayIT.ends(admin, writer.topics()))
          .all()
          .get();
      writer.start();
      try {
        await()
            .atMost(Duration.ofSeconds(60))
            .until(() -> TestKafka.fetchesAnswered(config.groupId()) >= 1);
        // the measurement window: nothing arrives for the writer's group in these 8 s
        assertThat(
                TestKafka.fetchesAnsweredDuring(
                    Duration.ofSeconds(8), TestKafka.ofGroup(config.groupId())))
            .as("fetches answered in 8 idle seconds (16 at Kafka's default 500 ms, 4 at 2 s)")
            .isLessThanOrEqualTo(6);

        long sent = System.nanoTime();
        ClickHouseWriterReplayIT.send(producer, 1);
        await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(50))
            .until(() -> ClickHouseWriterReplayIT.spans(ch, db) == 1);
        assertThat(Duration.ofNanos(System.nanoTime() - sent))
            .as("from send to queryable, with a fetch held when the span arrived")
            .isLessThan(Duration.ofSeconds(3));
      } finally {
        writer.close();
      }
    }
  }
}
