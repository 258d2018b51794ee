package io.obsera.alert.selfmon;

import io.obsera.alert.outbox.DeliveryRecord;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.platform.kafka.ClusterStats;
import io.obsera.platform.kafka.ServiceAdmins;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Samples the health of a running Obsera from outside its services: the Kafka cluster (Admin: the
 * writer group's committed offsets against the log ends, the dead-letter topic, the brokers' log
 * dirs), ClickHouse's {@code /ping}, and the deliveries topic (failures read as they are recorded,
 * from the end of the topic at start, without a consumer group).
 */
final class ClusterHealthSampler implements AutoCloseable {
  private static final long TIMEOUT_S = 5;

  private final SelfMonitorConfig config;
  private final Admin admin;
  private final KafkaConsumer<String, byte[]> deliveries;
  private final ClickHousePing clickHouse;
  private boolean assigned;
  private long failed;
  private String lastFailure;

  ClusterHealthSampler(SelfMonitorConfig config, String bootstrap, Map<String, String> overrides) {
    this.config = config;
    Properties a = new Properties();
    a.putAll(overrides);
    a.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    a.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
    a.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
    this.admin = ServiceAdmins.create(a);
    Properties c = new Properties();
    c.putAll(overrides);
    c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
    c.remove(ConsumerConfig.GROUP_ID_CONFIG);
    this.deliveries = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
    this.clickHouse =
        config.clickHouseUrl() == null ? null : new ClickHousePing(config.clickHouseUrl());
  }

  HealthSample sample() {
    String chProblem = clickHouse == null ? null : clickHouse.problem();
    Boolean chUp = clickHouse == null ? null : chProblem == null;
    Collection<Node> nodes;
    try {
      nodes = admin.describeCluster().nodes().get(TIMEOUT_S, TimeUnit.SECONDS);
    } catch (Exception e) {
      return HealthSample.kafkaDown(why(e), chUp, chProblem, failed, lastFailure);
    }
    readDeliveries();
    Map<TopicPartition, Long> committed = committed();
    Long lag = null;
    Long committedSum = null;
    if (committed != null) {
      Map<TopicPartition, Long> ends = ends(committed.keySet());
      if (ends != null) {
        lag = 0L;
        for (Map.Entry<TopicPartition, Long> e : committed.entrySet()) {
          lag += Math.max(0, ends.getOrDefault(e.getKey(), e.getValue()) - e.getValue());
        }
        committedSum = committed.values().stream().mapToLong(Long::longValue).sum();
      }
    }
    ClusterStats.LogDirFree disk = disk(nodes);
    return new HealthSample(
        true,
        null,
        chUp,
        chProblem,
        lag,
        committedSum,
        deadLetters(),
        disk == null ? null : disk.free(),
        disk == null ? null : disk.where(),
        failed,
        lastFailure);
  }

  /** The writer group's committed offsets; null when unknown or none committed yet. */
  private Map<TopicPartition, Long> committed() {
    try {
      Map<TopicPartition, OffsetAndMetadata> offsets =
          admin
              .listConsumerGroupOffsets(config.writerGroup())
              .partitionsToOffsetAndMetadata()
              .get(TIMEOUT_S, TimeUnit.SECONDS);
      Map<TopicPartition, Long> out =
          offsets.entrySet().stream()
              .filter(e -> e.getValue() != null)
              .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
      return out.isEmpty() ? null : out;
    } catch (Exception e) {
      return null;
    }
  }

  private Long deadLetters() {
    try {
      return ClusterStats.records(admin, Topics.DEAD_LETTER, TIMEOUT_S);
    } catch (Exception e) {
      return null;
    }
  }

  private Map<TopicPartition, Long> ends(Set<TopicPartition> parts) {
    try {
      return ClusterStats.offsets(admin, parts, OffsetSpec.latest(), TIMEOUT_S);
    } catch (Exception e) {
      return null;
    }
  }

  /** The broker log dir with the smallest free share; null when unknown or not watched. */
  private ClusterStats.LogDirFree disk(Collection<Node> nodes) {
    if (config.minFreeDisk() <= 0) {
      return null;
    }
    try {
      return ClusterStats.leastFreeLogDir(admin, nodes.stream().map(Node::id).toList(), TIMEOUT_S)
          .orElse(null);
    } catch (Exception e) {
      return null;
    }
  }

  /** Counts the deliveries recorded as failed since the last sample. */
  private void readDeliveries() {
    try {
      if (!assigned) {
        List<PartitionInfo> parts =
            deliveries.partitionsFor(Topics.ALERT_DELIVERIES, Duration.ofSeconds(TIMEOUT_S));
        if (parts == null || parts.isEmpty()) {
          return;
        }
        List<TopicPartition> tps =
            parts.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        deliveries.assign(tps);
        deliveries.seekToEnd(tps);
        tps.forEach(deliveries::position);
        assigned = true;
      }
      // up to the end offsets of now (at most a few seconds; the rest is counted next time)
      Map<TopicPartition, Long> ends =
          deliveries.endOffsets(deliveries.assignment(), Duration.ofSeconds(TIMEOUT_S));
      long deadline = System.nanoTime() + Duration.ofSeconds(TIMEOUT_S).toNanos();
      while (System.nanoTime() < deadline
          && ends.entrySet().stream()
              .anyMatch(e -> deliveries.position(e.getKey()) < e.getValue())) {
        for (ConsumerRecord<String, byte[]> r : deliveries.poll(Duration.ofMillis(200))) {
          count(r.value());
        }
      }
    } catch (RuntimeException e) {
      // the next sample tries again; Kafka's own state is judged by describeCluster
    }
  }

  private void count(byte[] value) {
    try {
      DeliveryRecord d = Json.MAPPER.readValue(value, DeliveryRecord.class);
      if (d != null && d.status() == DeliveryRecord.Status.FAILED) {
        failed++;
        lastFailure =
            "tenant "
                + d.tenantId()
                + ", channel "
                + d.channelId()
                + ", "
                + (d.outcome() == null ? "not attempted" : d.outcome())
                + (d.error() == null ? "" : ": " + d.error());
      }
    } catch (Exception e) {
      // not a delivery record: not ours to judge
    }
  }

  private static String why(Exception e) {
    Throwable t = e.getCause() != null ? e.getCause() : e;
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }

  @Override
  public void close() {
    admin.close(Duration.ofSeconds(5));
    deliveries.close(Duration.ofSeconds(5));
  }
}
