package io.obsera.query.health;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import io.obsera.model.Topics;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How the pipeline keeps up, for {@code /health} details: consumer lag of the topology and of the
 * ClickHouse writer, records in the dead-letter topic, and freshness (age of the newest row) of
 * each signal's table. Informational: it does not make health "down".
 */
public final class PipelineStatus {
  private static final Map<String, String> FRESHNESS =
      Map.of(
          "traces",
              "SELECT dateDiff('second', max(Timestamp), now64(9)) AS Age FROM otel_traces"
                  + " WHERE Timestamp > now() - INTERVAL 1 DAY",
          "logs",
              "SELECT dateDiff('second', max(Timestamp), now64(9)) AS Age FROM otel_logs"
                  + " WHERE TimestampTime > now() - INTERVAL 1 DAY",
          "metrics",
              "SELECT dateDiff('second', max(TimeUnix), now64(9)) AS Age FROM"
                  + " otel_metrics_gauge WHERE TimeUnix > now() - INTERVAL 1 DAY");

  private final Admin kafka;
  private final Client clickHouse;
  private final List<String> groups;

  public PipelineStatus(Admin kafka, Client clickHouse, String streamsApplicationId) {
    this.kafka = kafka;
    this.clickHouse = clickHouse;
    this.groups = List.of(streamsApplicationId, streamsApplicationId + "-clickhouse-writer");
  }

  public Map<String, Object> details() {
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Object> lag = new LinkedHashMap<>();
    for (String group : groups) {
      lag.put(group, lagOf(group));
    }
    out.put("consumerLag", lag);
    out.put("deadLetterRecords", deadLetters());
    Map<String, Object> fresh = new LinkedHashMap<>();
    FRESHNESS.forEach((signal, sql) -> fresh.put(signal, age(sql)));
    out.put("freshnessSeconds", fresh);
    return out;
  }

  private Object lagOf(String group) {
    try {
      Map<TopicPartition, OffsetAndMetadata> committed =
          kafka
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(3, TimeUnit.SECONDS);
      if (committed.isEmpty()) {
        return "no committed offsets";
      }
      Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
          kafka
              .listOffsets(
                  committed.keySet().stream()
                      .collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest())))
              .all()
              .get(3, TimeUnit.SECONDS);
      long total = 0;
      for (Map.Entry<TopicPartition, OffsetAndMetadata> e : committed.entrySet()) {
        if (e.getValue() != null && ends.containsKey(e.getKey())) {
          total += Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset());
        }
      }
      return total;
    } catch (Exception e) {
      return "unknown: " + e.getClass().getSimpleName();
    }
  }

  private Object deadLetters() {
    try {
      Set<TopicPartition> parts =
          kafka
              .describeTopics(List.of(Topics.DEAD_LETTER))
              .allTopicNames()
              .get(3, TimeUnit.SECONDS)
              .get(Topics.DEAD_LETTER)
              .partitions()
              .stream()
              .map(p -> new TopicPartition(Topics.DEAD_LETTER, p.partition()))
              .collect(Collectors.toSet());
      Map<TopicPartition, OffsetSpec> latest =
          parts.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.latest()));
      Map<TopicPartition, OffsetSpec> earliest =
          parts.stream().collect(Collectors.toMap(tp -> tp, tp -> OffsetSpec.earliest()));
      long end =
          kafka.listOffsets(latest).all().get(3, TimeUnit.SECONDS).values().stream()
              .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset)
              .sum();
      long start =
          kafka.listOffsets(earliest).all().get(3, TimeUnit.SECONDS).values().stream()
              .mapToLong(ListOffsetsResult.ListOffsetsResultInfo::offset)
              .sum();
      return end - start;
    } catch (Exception e) {
      return "unknown: " + e.getClass().getSimpleName();
    }
  }

  private Object age(String sql) {
    try {
      List<GenericRecord> rows = clickHouse.queryAll(sql);
      if (rows.isEmpty() || rows.get(0).getObject("Age") == null) {
        return null;
      }
      return rows.get(0).getLong("Age");
    } catch (RuntimeException e) {
      return null;
    }
  }
}
