package io.obsera.query.health;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import io.obsera.model.Topics;
import io.obsera.platform.kafka.ClusterStats;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * How the pipeline keeps up: consumer lag of the topology and of the ClickHouse writer per topic,
 * records in the dead-letter topic, and freshness (age of the newest queryable row) of each signal.
 * Served in {@code /health} details and as Prometheus gauges ({@link PipelineMetrics}).
 * Informational: it never makes health "down". A snapshot is reused for {@code cacheFor}, so
 * scrapes and health checks do not hammer Kafka and ClickHouse.
 */
public final class PipelineStatus {
  private static final String METRIC_TIMES =
      String.join(
          " UNION ALL ",
          List.of("gauge", "sum", "histogram", "exponential_histogram", "summary").stream()
              .map(
                  t ->
                      "SELECT maxOrNull(TimeUnix) AS T FROM otel_metrics_"
                          + t
                          + " WHERE TimeUnix > now() - INTERVAL 1 DAY")
              .toList());
  private static final Map<String, String> FRESHNESS =
      Map.of(
          "traces",
          "SELECT dateDiff('second', maxOrNull(Timestamp), now64(9)) AS Age FROM otel_traces"
              + " WHERE Timestamp > now() - INTERVAL 1 DAY",
          "logs",
          "SELECT dateDiff('second', maxOrNull(Timestamp), now64(9)) AS Age FROM otel_logs"
              + " WHERE TimestampTime > now() - INTERVAL 1 DAY",
          "metrics",
          "SELECT dateDiff('second', maxOrNull(T), now64(9)) AS Age FROM (" + METRIC_TIMES + ")",
          "probes",
          "SELECT dateDiff('second', maxOrNull(Time), now64(3)) AS Age FROM health_checks"
              + " WHERE Time > now() - INTERVAL 1 DAY",
          "alerts",
          "SELECT dateDiff('second', maxOrNull(EventTime), now64(9)) AS Age FROM alerts"
              + " WHERE EventTime > now() - INTERVAL 1 DAY");

  /**
   * One look at the pipeline. A null value means it could not be measured (or, for freshness, that
   * the signal has no row in the last day); {@code lagErrors} says why per group.
   */
  public record Snapshot(
      Map<String, Map<String, Long>> lagByGroupAndTopic,
      Map<String, String> lagErrors,
      Long deadLetterRecords,
      Map<String, Long> freshnessSeconds) {}

  private final Admin kafka;
  private final Client clickHouse;
  private final List<String> groups;
  private final Clock clock;
  private final Duration cacheFor;
  private Snapshot cached;
  private long cachedAt;

  public PipelineStatus(
      Admin kafka, Client clickHouse, String streamsApplicationId, Clock clock, Duration cacheFor) {
    this.kafka = kafka;
    this.clickHouse = clickHouse;
    this.groups = List.of(streamsApplicationId, streamsApplicationId + "-clickhouse-writer");
    this.clock = clock;
    this.cacheFor = cacheFor;
  }

  /** The consumer groups watched: the topology's and the ClickHouse writer's. */
  public List<String> groups() {
    return groups;
  }

  /** The latest snapshot, measured anew when the cached one is older than {@code cacheFor}. */
  public synchronized Snapshot snapshot() {
    long now = clock.millis();
    if (cached == null || now - cachedAt >= cacheFor.toMillis()) {
      cached = measure();
      cachedAt = now;
    }
    return cached;
  }

  /** The {@code pipeline} object of {@code /health}: totals per group, DLQ count, freshness. */
  public Map<String, Object> details() {
    Snapshot s = snapshot();
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Object> lag = new LinkedHashMap<>();
    for (String group : groups) {
      Map<String, Long> topics = s.lagByGroupAndTopic().get(group);
      lag.put(
          group,
          topics == null
              ? s.lagErrors().get(group)
              : topics.values().stream().mapToLong(Long::longValue).sum());
    }
    out.put("consumerLag", lag);
    out.put("consumerLagByTopic", s.lagByGroupAndTopic());
    out.put("deadLetterRecords", s.deadLetterRecords());
    out.put("freshnessSeconds", s.freshnessSeconds());
    return out;
  }

  private Snapshot measure() {
    Map<String, Map<String, Long>> lag = new LinkedHashMap<>();
    Map<String, String> errors = new LinkedHashMap<>();
    for (String group : groups) {
      try {
        Map<String, Long> topics = lagOf(group);
        if (topics.isEmpty()) {
          errors.put(group, "no committed offsets");
        } else {
          lag.put(group, topics);
        }
      } catch (Exception e) {
        errors.put(group, "unknown: " + e.getClass().getSimpleName());
      }
    }
    Map<String, Long> fresh = new TreeMap<>();
    FRESHNESS.forEach((signal, sql) -> fresh.put(signal, age(sql)));
    return new Snapshot(lag, errors, deadLetters(), fresh);
  }

  private Map<String, Long> lagOf(String group) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed =
        kafka.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(3, SECONDS);
    committed.values().removeIf(v -> v == null);
    Map<String, Long> byTopic = new TreeMap<>();
    if (committed.isEmpty()) {
      return byTopic;
    }
    Map<TopicPartition, Long> ends = offsets(committed.keySet(), OffsetSpec.latest());
    for (Map.Entry<TopicPartition, OffsetAndMetadata> e : committed.entrySet()) {
      Long end = ends.get(e.getKey());
      if (end != null) {
        byTopic.merge(e.getKey().topic(), Math.max(0, end - e.getValue().offset()), Long::sum);
      }
    }
    return byTopic;
  }

  private Long deadLetters() {
    try {
      return ClusterStats.records(kafka, Topics.DEAD_LETTER, 3);
    } catch (Exception e) {
      return null;
    }
  }

  private Map<TopicPartition, Long> offsets(Set<TopicPartition> parts, OffsetSpec spec)
      throws Exception {
    return ClusterStats.offsets(kafka, parts, spec, 3);
  }

  private Long age(String sql) {
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

  private static final TimeUnit SECONDS = TimeUnit.SECONDS;
}
