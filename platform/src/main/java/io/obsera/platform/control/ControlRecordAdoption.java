package io.obsera.platform.control;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

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
    return ControlPartitions.each(
        bootstrapServers,
        kafkaOverrides,
        "obsera-control-adoption-",
        topics,
        (consumer, tp) -> adoptPartition(consumer, writer, tp));
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
