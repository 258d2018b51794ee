package io.obsera.alert.selfmon;

import io.obsera.model.Topics;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestKafka;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A consumer group on the shared Kafka whose committed offset a test sets by hand (as a stand-in
 * writer group: lag and progress), over a topic of its own with {@code records} records, and a
 * producer for the topics the sampler reads.
 */
final class GroupFixture implements AutoCloseable {
  final String kafka = SharedServers.kafkaBootstrap();
  final String topic = TestKafka.uniqueName("selfmon-data");
  final String group = TestKafka.uniqueName("selfmon-writer");
  final KafkaProducer<String, byte[]> producer;
  private final Admin admin;

  GroupFixture(int records) throws Exception {
    TopicProvisioner.ensure(kafka, Map.of(), Topics.all(2));
    TestKafka.createTopics(1, topic);
    producer =
        new KafkaProducer<>(
            Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka),
            new StringSerializer(),
            new ByteArraySerializer());
    admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka));
    for (int i = 0; i < records; i++) {
      send(topic, "k", new byte[] {1});
    }
  }

  /** The group has committed {@code offset} on the topic's only partition. */
  void commit(long offset) throws Exception {
    admin
        .alterConsumerGroupOffsets(
            group, Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(offset)))
        .all()
        .get();
  }

  void send(String to, String key, byte[] value) throws Exception {
    producer.send(new ProducerRecord<>(to, key, value)).get();
  }

  @Override
  public void close() {
    producer.close();
    admin.close();
  }
}
