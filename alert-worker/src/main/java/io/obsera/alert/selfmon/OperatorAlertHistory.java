package io.obsera.alert.selfmon;

import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.alert.AlertEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The latest event of every operator alert on {@link Topics#ALERT_EVENTS}, read once at start (no
 * consumer group; only keys of tenant {@value SelfAlertEvaluator#TENANT} are parsed), so a
 * restarted self-monitor resolves an alert that was firing before it stopped.
 */
final class OperatorAlertHistory {
  private static final byte[] PREFIX =
      (SelfAlertEvaluator.TENANT + "|").getBytes(StandardCharsets.UTF_8);

  private static final Duration READ_FOR = Duration.ofSeconds(120);

  private OperatorAlertHistory() {}

  /** The latest event per fingerprint, read up to the end offsets at the time of the call. */
  static List<AlertEvent> latest(String bootstrap, Map<String, String> overrides) {
    Properties c = new Properties();
    c.putAll(overrides);
    c.remove(ConsumerConfig.GROUP_ID_CONFIG);
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
    c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    Map<String, AlertEvent> latest = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts =
          consumer.partitionsFor(Topics.ALERT_EVENTS, Duration.ofSeconds(10)).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> ends = consumer.endOffsets(parts, Duration.ofSeconds(10));
      long deadline = System.nanoTime() + READ_FOR.toNanos();
      while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              Topics.ALERT_EVENTS + " not read to its end within " + READ_FOR.toSeconds() + " s");
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          if (isOperator(r.key()) && r.value() != null) {
            AlertEvent e = parse(r.value());
            if (e != null && e.fingerprint() != null) {
              latest.put(e.fingerprint(), e);
            }
          }
        }
      }
    }
    return List.copyOf(latest.values());
  }

  private static boolean isOperator(byte[] key) {
    if (key == null || key.length < PREFIX.length) {
      return false;
    }
    for (int i = 0; i < PREFIX.length; i++) {
      if (key[i] != PREFIX[i]) {
        return false;
      }
    }
    return true;
  }

  private static AlertEvent parse(byte[] value) {
    try {
      return Json.MAPPER.readValue(value, AlertEvent.class);
    } catch (Exception e) {
      return null;
    }
  }
}
