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
    Properties p = new Properties();
    p.putAll(kafkaOverrides);
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientIdPrefix + UUID.randomUUID());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    int total = 0;
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      for (String topic : topics) {
        List<TopicPartition> parts = new ArrayList<>();
        consumer
            .partitionsFor(topic, Duration.ofSeconds(30))
            .forEach(pi -> parts.add(new TopicPartition(topic, pi.partition())));
        for (TopicPartition tp : parts) {
          total += visitor.visit(consumer, tp);
        }
      }
    }
    return total;
  }
}
