package io.obsera.platform.control;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
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

  /**
   * Adopts every partition of {@code topics}; returns how many records were signed. All partitions
   * are read in one pass (one consumer, every partition assigned): a partition is done at its first
   * signed record (adopted before: nothing to do, the usual case after the first start) or at its
   * end (old: its latest values are signed, then the marker). Reading them one after another took
   * seconds of every start on a loaded machine (17 partitions, 9 s at load average 25).
   */
  public static int adopt(
      String bootstrapServers,
      Map<String, String> kafkaOverrides,
      ControlPlaneWriter writer,
      List<String> topics) {
    Map<TopicPartition, Map<String, byte[]>> old = new LinkedHashMap<>();
    try (KafkaConsumer<String, byte[]> consumer =
        ControlPartitions.consumer(bootstrapServers, kafkaOverrides, "obsera-control-adoption-")) {
      List<TopicPartition> all = ControlPartitions.partitions(consumer, topics);
      all.forEach(tp -> old.put(tp, new LinkedHashMap<>()));
      consumer.assign(all);
      consumer.seekToBeginning(all);
      Map<TopicPartition, Long> end = consumer.endOffsets(all);
      Set<TopicPartition> reading = new HashSet<>(all);
      while (!reading.isEmpty()) {
        for (TopicPartition tp : List.copyOf(reading)) {
          if (consumer.position(tp) >= end.get(tp)) {
            reading.remove(tp); // read to its end without a signed record: old
            consumer.pause(List.of(tp));
          }
        }
        if (reading.isEmpty()) {
          break;
        }
        ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(500));
        for (TopicPartition tp : records.partitions()) {
          if (!reading.contains(tp)) {
            continue;
          }
          for (ConsumerRecord<String, byte[]> r : records.records(tp)) {
            if (ControlVerifier.carriesSignature(r.headers())) {
              old.remove(tp); // adopted before (or written signed): never again
              reading.remove(tp);
              consumer.pause(List.of(tp));
              break;
            }
            if (r.key() != null) {
              old.get(tp).put(r.key(), r.value());
            }
          }
        }
      }
    }
    int signed = 0;
    for (Map.Entry<TopicPartition, Map<String, byte[]>> p : old.entrySet()) {
      signed += sign(writer, p.getKey(), p.getValue());
    }
    return signed;
  }

  private static int sign(
      ControlPlaneWriter writer, TopicPartition tp, Map<String, byte[]> latest) {
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
