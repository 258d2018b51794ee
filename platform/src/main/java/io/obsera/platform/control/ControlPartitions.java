package io.obsera.platform.control;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Visits every partition of control topics with one committed-only consumer (start-up passes). */
final class ControlPartitions {
  /** What a pass does with one partition; returns how many records it wrote. */
  interface Visitor {
    int visit(KafkaConsumer<String, byte[]> consumer, TopicPartition partition);
  }

  private ControlPartitions() {}

  /** Runs {@code visitor} on each partition of {@code topics}; returns the sum of its counts. */
  static int each(
      String bootstrapServers,
      Map<String, String> kafkaOverrides,
      String clientIdPrefix,
      List<String> topics,
      Visitor visitor) {
    int total = 0;
    try (KafkaConsumer<String, byte[]> consumer =
        consumer(bootstrapServers, kafkaOverrides, clientIdPrefix)) {
      for (TopicPartition tp : partitions(consumer, topics)) {
        total += visitor.visit(consumer, tp);
      }
    }
    return total;
  }

  /** A committed-only consumer without group or offsets. */
  static KafkaConsumer<String, byte[]> consumer(
      String bootstrapServers, Map<String, String> kafkaOverrides, String clientIdPrefix) {
    Properties p = new Properties();
    p.putAll(kafkaOverrides);
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientIdPrefix + UUID.randomUUID());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
  }

  /** Every partition of {@code topics}, topic by topic. */
  static List<TopicPartition> partitions(
      KafkaConsumer<String, byte[]> consumer, List<String> topics) {
    List<TopicPartition> parts = new ArrayList<>();
    for (String topic : topics) {
      consumer
          .partitionsFor(topic, Duration.ofSeconds(30))
          .forEach(pi -> parts.add(new TopicPartition(topic, pi.partition())));
    }
    return parts;
  }
}
