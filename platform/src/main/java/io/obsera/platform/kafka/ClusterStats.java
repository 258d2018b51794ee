package io.obsera.platform.kafka;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * What the Kafka Admin API tells about the cluster's health, shared by the ingest bridge's disk
 * guard, the query service's pipeline status and the alert worker's self-monitoring. Every call
 * waits at most {@code timeoutSeconds} and throws what the Admin call threw.
 */
public final class ClusterStats {
  private ClusterStats() {}

  /** One broker log dir and the share of its disk that is free. */
  public record LogDirFree(int broker, String dir, double free) {
    /** For people: {@code Kafka broker 1 log dir /data}. */
    public String where() {
      return "Kafka broker " + broker + " log dir " + dir;
    }
  }

  /** The log dir of {@code brokers} with the smallest free share; empty when none reports sizes. */
  public static Optional<LogDirFree> leastFreeLogDir(
      Admin admin, Collection<Integer> brokers, long timeoutSeconds) throws Exception {
    Map<Integer, Map<String, LogDirDescription>> dirs =
        admin.describeLogDirs(brokers).allDescriptions().get(timeoutSeconds, TimeUnit.SECONDS);
    LogDirFree least = null;
    for (Map.Entry<Integer, Map<String, LogDirDescription>> broker : dirs.entrySet()) {
      for (Map.Entry<String, LogDirDescription> dir : broker.getValue().entrySet()) {
        LogDirDescription d = dir.getValue();
        if (d.totalBytes().isPresent()
            && d.usableBytes().isPresent()
            && d.totalBytes().getAsLong() > 0) {
          double free = (double) d.usableBytes().getAsLong() / d.totalBytes().getAsLong();
          if (least == null || free < least.free()) {
            least = new LogDirFree(broker.getKey(), dir.getKey(), free);
          }
        }
      }
    }
    return Optional.ofNullable(least);
  }

  /** Records {@code topic} holds now: its end offsets minus its start offsets. */
  public static long records(Admin admin, String topic, long timeoutSeconds) throws Exception {
    Set<TopicPartition> parts =
        admin
            .describeTopics(List.of(topic))
            .allTopicNames()
            .get(timeoutSeconds, TimeUnit.SECONDS)
            .get(topic)
            .partitions()
            .stream()
            .map(p -> new TopicPartition(topic, p.partition()))
            .collect(Collectors.toSet());
    return sum(offsets(admin, parts, OffsetSpec.latest(), timeoutSeconds))
        - sum(offsets(admin, parts, OffsetSpec.earliest(), timeoutSeconds));
  }

  /** The offsets {@code spec} names of {@code parts}. */
  public static Map<TopicPartition, Long> offsets(
      Admin admin, Set<TopicPartition> parts, OffsetSpec spec, long timeoutSeconds)
      throws Exception {
    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> result =
        admin
            .listOffsets(parts.stream().collect(Collectors.toMap(tp -> tp, tp -> spec)))
            .all()
            .get(timeoutSeconds, TimeUnit.SECONDS);
    return result.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }

  private static long sum(Map<TopicPartition, Long> offsets) {
    return offsets.values().stream().mapToLong(Long::longValue).sum();
  }
}
