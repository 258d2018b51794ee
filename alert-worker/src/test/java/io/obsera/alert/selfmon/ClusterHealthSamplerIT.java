package io.obsera.alert.selfmon;

import static org.assertj.core.api.Assertions.assertThat;

import io.obsera.alert.delivery.DeliveryOutcome;
import io.obsera.alert.outbox.DeliveryRecord;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestKafka;
import java.net.ServerSocket;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the sampler reads from the real shared Kafka and ClickHouse: a consumer group's lag and
 * committed progress, new dead letters, failed deliveries, the brokers' free disk, ClickHouse's
 * ping; and unreachable servers reported as down with the reason.
 */
@ExtendWith(ObseraServersExtension.class)
class ClusterHealthSamplerIT {

  @Test
  void should_readLagProgressDeadLettersFailuresDiskAndPing_fromTheRealServers() throws Exception {
    String kafka = SharedServers.kafkaBootstrap();
    TopicProvisioner.ensure(kafka, Map.of(), Topics.all(2));
    String topic = TestKafka.uniqueName("selfmon-data");
    TestKafka.createTopics(1, topic);
    String group = TestKafka.uniqueName("selfmon-writer");
    SelfMonitorConfig config =
        SelfMonitorConfig.fromEnv(
            Map.of(
                "OBSERA_WRITER_GROUP_ID",
                group,
                "OBSERA_CLICKHOUSE_URL",
                SharedServers.clickHouse().httpUrl()));
    Properties a = new Properties();
    a.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
    try (KafkaProducer<String, byte[]> producer =
            new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka),
                new StringSerializer(),
                new ByteArraySerializer());
        Admin admin = Admin.create(a);
        ClusterHealthSampler sampler = new ClusterHealthSampler(config, kafka, Map.of())) {
      for (int i = 0; i < 5; i++) {
        producer.send(new ProducerRecord<>(topic, "k", new byte[] {1})).get();
      }
      commit(admin, group, topic, 2);
      HealthSample first = sampler.sample();
      assertThat(first.kafkaUp()).isTrue();
      assertThat(first.clickHouseUp()).isTrue();
      assertThat(first.writerLag()).isEqualTo(3);
      assertThat(first.writerCommitted()).isEqualTo(2);
      assertThat(first.deadLetters()).isNotNull();
      assertThat(first.minFreeDisk()).isBetween(0.0, 1.0);
      assertThat(first.diskWhere()).startsWith("Kafka broker ");
      assertThat(first.failedDeliveries()).isZero();

      commit(admin, group, topic, 5);
      producer.send(new ProducerRecord<>(Topics.DEAD_LETTER, "k", new byte[] {2})).get();
      producer.send(new ProducerRecord<>(Topics.DEAD_LETTER, "k", new byte[] {3})).get();
      delivery(producer, DeliveryRecord.Status.DELIVERED, null);
      delivery(producer, DeliveryRecord.Status.FAILED, DeliveryOutcome.REJECTED);
      HealthSample second = sampler.sample();
      assertThat(second.writerLag()).isZero();
      assertThat(second.writerCommitted()).isEqualTo(5);
      assertThat(second.deadLetters()).isGreaterThanOrEqualTo(first.deadLetters() + 2);
      assertThat(second.failedDeliveries()).isEqualTo(1);
      assertThat(second.lastFailure()).contains("channel ops-hook").contains("REJECTED");
    }
  }

  @Test
  void should_reportKafkaAndClickHouseDown_withTheReason_whenNothingListens() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    SelfMonitorConfig config =
        SelfMonitorConfig.fromEnv(Map.of("OBSERA_CLICKHOUSE_URL", "http://127.0.0.1:" + closed));
    try (ClusterHealthSampler sampler =
        new ClusterHealthSampler(config, "127.0.0.1:" + closed, Map.of())) {
      HealthSample s = sampler.sample();
      assertThat(s.kafkaUp()).isFalse();
      assertThat(s.kafkaError()).isNotBlank();
      assertThat(s.writerLag()).isNull();
      assertThat(s.clickHouseUp()).isFalse();
      assertThat(s.clickHouseError()).contains("Connect");
    }
  }

  private static void commit(Admin admin, String group, String topic, long offset)
      throws Exception {
    admin
        .alterConsumerGroupOffsets(
            group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(offset)))
        .all()
        .get();
  }

  private static void delivery(
      KafkaProducer<String, byte[]> producer, DeliveryRecord.Status status, DeliveryOutcome outcome)
      throws Exception {
    DeliveryRecord r =
        new DeliveryRecord(
            TestKafka.uniqueName("d"),
            "acme",
            "ops-hook",
            "fp",
            1,
            status,
            outcome,
            1,
            400,
            outcome == null ? null : "HTTP 400",
            Instant.now());
    producer
        .send(
            new ProducerRecord<>(
                Topics.ALERT_DELIVERIES, r.key(), Json.MAPPER.writeValueAsBytes(r)))
        .get();
  }
}
