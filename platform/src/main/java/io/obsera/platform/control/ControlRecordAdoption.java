package io.obsera.platform.control;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Signs, once, the control records written before records were signed (a data directory or cluster
 * of an earlier version). A partition that holds no signed record yet is old: the latest unsigned
 * value of each of its keys is written again, signed, and a signed marker closes the partition. A
 * partition that already holds a signed record is never adopted again, so an unsigned record
 * written later (a forgery) is never signed by this.
 */
public final class ControlRecordAdoption {
  /** Prefix of the marker keys (signed deletions, one per partition; views ignore them). */
  public static final String MARKER_PREFIX = "obsera:signed-since:";

  private ControlRecordAdoption() {}

  /** Adopts every partition of {@code topics}; returns how many records were signed. */
  public static int adopt(
      String bootstrapServers,
      Map<String, String> kafkaOverrides,
      ControlPlaneWriter writer,
      List<String> topics) {
    Properties p = new Properties();
    p.putAll(kafkaOverrides);
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "obsera-control-adoption-" + UUID.randomUUID());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    int signed = 0;
    try (KafkaConsumer<String, byte[]> consumer =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      for (String topic : topics) {
        List<TopicPartition> parts = new ArrayList<>();
        consumer
            .partitionsFor(topic, Duration.ofSeconds(30))
            .forEach(pi -> parts.add(new TopicPartition(topic, pi.partition())));
        for (TopicPartition tp : parts) {
          signed += adoptPartition(consumer, writer, tp);
        }
      }
    }
    return signed;
  }

  private static int adoptPartition(
      KafkaConsumer<String, byte[]> consumer, ControlPlaneWriter writer, TopicPartition tp) {
    consumer.assign(List.of(tp));
    consumer.seekToBeginning(List.of(tp));
    long end = consumer.endOffsets(List.of(tp)).get(tp);
    Map<String, byte[]> latest = new LinkedHashMap<>();
    while (consumer.position(tp) < end) {
      for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
        if (ControlVerifier.carriesSignature(r.headers())) {
          return 0; // adopted before (or written signed): never again
        }
        if (r.key() != null) {
          latest.put(r.key(), r.value());
        }
      }
    }
    int signed = 0;
    for (Map.Entry<String, byte[]> e : latest.entrySet()) {
      if (e.getValue() != null && e.getValue().length > 0) {
        writer.resign(tp.topic(), e.getKey(), e.getValue());
        signed++;
      }
    }
    writer.markSigned(tp.topic(), tp.partition(), MARKER_PREFIX + tp.partition());
    return signed;
  }
}
