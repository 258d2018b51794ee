package io.obsera.alert.outbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The deliveries already decided (delivered or failed for good), keyed {@code
 * deliveryId|channelId}: read from the deliveries topic at start, added to as outcomes are
 * recorded, so a notification read again after a restart is not sent again when its outcome was
 * recorded.
 */
final class DeliveryLedger {
  private final Set<String> decided = ConcurrentHashMap.newKeySet();

  /** Reads every outcome recorded in {@code topic} up to its end now; returns how many. */
  int load(String bootstrap, Map<String, String> overrides, String topic) {
    Properties p = new Properties();
    p.putAll(overrides);
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "obsera-delivery-ledger-" + UUID.randomUUID());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    int n = 0;
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts =
          c.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(pi -> new TopicPartition(topic, pi.partition()))
              .toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      while (!parts.stream().allMatch(tp -> c.position(tp) >= end.get(tp))) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
          if (r.key() != null && r.value() != null) {
            decided.add(r.key());
            n++;
          }
        }
      }
    }
    return n;
  }

  boolean decided(String deliveryKey) {
    return decided.contains(deliveryKey);
  }

  void record(String deliveryKey) {
    decided.add(deliveryKey);
  }
}
