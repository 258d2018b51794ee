package io.obsera.alert.outbox;

import io.obsera.alert.TestNotifications;
import io.obsera.alert.delivery.Deliverer;
import io.obsera.alert.delivery.DeliveryConfig;
import io.obsera.alert.notify.Notification;
import io.obsera.model.Json;
import io.obsera.model.alert.channel.WebhookChannel;
import io.obsera.platform.crypto.ChannelSealer;
import io.obsera.platform.crypto.SecretBox;
import io.obsera.platform.send.ResilientDelivery;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestControlKeys;
import io.obsera.testing.TestKafka;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Outbox, deliveries and channels topics of one test on the shared Kafka, and a loop over them. */
final class OutboxFixture implements AutoCloseable {
  static final String TENANT = "acme";
  static final String SECRET = "whsec-outbox-0123456789";

  final String notifications = TestKafka.uniqueName("outbox");
  final String deliveries = TestKafka.uniqueName("deliveries");
  final String channelsTopic = TestKafka.uniqueName("channels");
  final ChannelSealer sealer = new ChannelSealer(new SecretBox(new byte[32]));
  private final KafkaProducer<String, byte[]> producer;
  private final List<AutoCloseable> loops = new ArrayList<>();

  OutboxFixture(int partitions) {
    TestKafka.createTopics(partitions, notifications);
    TestKafka.createTopics(deliveries, channelsTopic);
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedServers.kafkaBootstrap(),
                ProducerConfig.ACKS_CONFIG,
                "all"),
            new StringSerializer(),
            new ByteArraySerializer());
  }

  OutboxConfig config(String groupId) {
    return new OutboxConfig(
        notifications,
        deliveries,
        channelsTopic,
        groupId,
        4,
        100,
        Duration.ofMillis(300),
        Duration.ofMillis(500),
        Duration.ofMillis(200));
  }

  /** A started loop whose deliveries give up after two quick attempts. */
  OutboxDeliveryLoop loop(String groupId) throws InterruptedException {
    DeliveryConfig f = TestNotifications.fast();
    DeliveryConfig quick =
        new DeliveryConfig(
            new ResilientDelivery.Policy(
                2,
                Duration.ofMillis(20),
                2.0,
                0.2,
                Duration.ofMillis(50),
                Duration.ofSeconds(5),
                50,
                100,
                100,
                Duration.ofMillis(500),
                1),
            Duration.ofSeconds(1),
            Duration.ofSeconds(5),
            true,
            f.targetGuard());
    Deliverer deliverer = new Deliverer(quick, Clock.systemUTC());
    ChannelDirectory dir =
        new ChannelDirectory(
            SharedServers.kafkaBootstrap(),
            Map.of(),
            TestControlKeys.verifier(),
            channelsTopic,
            sealer);
    OutboxDeliveryLoop loop =
        new OutboxDeliveryLoop(
                SharedServers.kafkaBootstrap(),
                Map.of(),
                config(groupId),
                deliverer,
                dir,
                Clock.systemUTC())
            .start();
    loops.add(loop);
    loops.add(deliverer);
    if (!loop.awaitReady(Duration.ofSeconds(30))) {
      throw new IllegalStateException("outbox loop not ready");
    }
    return loop;
  }

  void webhook(String id, String url) {
    var record =
        sealer.seal(
            TENANT, id, new WebhookChannel(id, url, SECRET), Instant.now(), Instant.now(), "test");
    send(channelsTopic, record.key(), record);
  }

  Notification send(String channelId, String fingerprint, long sequence) {
    return send(channelId, fingerprint, sequence, false);
  }

  Notification send(String channelId, String fingerprint, long sequence, boolean test) {
    Notification n = TestNotifications.firing(fingerprint, sequence);
    OutboxRecord r = new OutboxRecord(channelId, n, test);
    send(notifications, r.key(), r);
    return n;
  }

  private void send(String topic, String key, Object value) {
    try {
      producer
          .send(
              TestControlKeys.producerRecord(
                  topic, key, Json.MAPPER.writeValueAsBytes(value), topic.equals(channelsTopic)))
          .get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  List<DeliveryRecord> recorded() {
    List<DeliveryRecord> out = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : TestKafka.readAll(deliveries)) {
      try {
        out.add(Json.MAPPER.readValue(r.value(), DeliveryRecord.class));
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return out;
  }

  /** The committed offset of the outbox's partition 0 for {@code groupId} (-1 when none). */
  long committed(String groupId) throws Exception {
    try (Admin admin =
        Admin.create(
            Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, SharedServers.kafkaBootstrap()))) {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin
              .listConsumerGroupOffsets(groupId)
              .partitionsToOffsetAndMetadata()
              .get(30, TimeUnit.SECONDS);
      OffsetAndMetadata o = offsets.get(new TopicPartition(notifications, 0));
      return o == null ? -1 : o.offset();
    }
  }

  @Override
  public void close() throws Exception {
    for (AutoCloseable c : loops) {
      c.close();
    }
    producer.close();
  }
}
