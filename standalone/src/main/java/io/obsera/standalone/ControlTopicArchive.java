package io.obsera.standalone;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.obsera.model.Json;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Exports Kafka topics to files and writes them back, byte for byte: one file per topic, {@code
 * <topic>.jsonl}, one JSON object per record in partition and offset order: {@code partition},
 * {@code offset}, {@code timestamp} (epoch ms), {@code key} and {@code value} (base64, null for
 * none) and {@code headers} ({@code [[name, base64], ...]}). Control records carry their Ed25519
 * signature and version in the headers, so they verify after a restore as before it.
 */
final class ControlTopicArchive {
  private static final Duration POLL = Duration.ofMillis(500);
  private static final Duration DEADLINE = Duration.ofMinutes(5);
  private static final Base64.Encoder B64 = Base64.getEncoder();
  private static final Base64.Decoder UNB64 = Base64.getDecoder();

  private final String bootstrap;
  private final Map<String, String> kafkaSettings;

  /**
   * @param kafkaSettings client settings with the right to read and write the topics (the embedded
   *     broker's super user)
   */
  ControlTopicArchive(String bootstrap, Map<String, String> kafkaSettings) {
    this.bootstrap = bootstrap;
    this.kafkaSettings = Map.copyOf(kafkaSettings);
  }

  static Path file(Path dir, String topic) {
    return dir.resolve(topic + ".jsonl");
  }

  /** Whether {@code topic} exists and holds a record. */
  boolean hasRecords(String topic) {
    try (KafkaConsumer<byte[], byte[]> consumer = consumer()) {
      List<TopicPartition> partitions = partitions(consumer, topic);
      Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, DEADLINE);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, DEADLINE);
      return partitions.stream().anyMatch(tp -> end.get(tp) > begin.get(tp));
    }
  }

  /** Writes every committed record of {@code topic} into {@code dir}; returns how many. */
  long export(String topic, Path dir) throws IOException {
    long count = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = consumer();
        BufferedWriter out = Files.newBufferedWriter(file(dir, topic), StandardCharsets.UTF_8)) {
      List<TopicPartition> partitions = partitions(consumer, topic);
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions, DEADLINE);
      Instant deadline = Instant.now().plus(DEADLINE);
      while (!reached(consumer, end)) {
        if (Instant.now().isAfter(deadline)) {
          throw new IOException("reading " + topic + " did not reach its end within " + DEADLINE);
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
          if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) {
            out.write(Json.MAPPER.writeValueAsString(line(r)));
            out.write('\n');
            count++;
          }
        }
      }
    }
    return count;
  }

  private KafkaConsumer<byte[], byte[]> consumer() {
    Properties p = new Properties();
    p.putAll(kafkaSettings);
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "obsera-backup-" + UUID.randomUUID());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    return new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  /** The partitions of {@code topic}; none when it does not exist. */
  private static List<TopicPartition> partitions(KafkaConsumer<?, ?> consumer, String topic) {
    List<TopicPartition> partitions = new ArrayList<>();
    consumer
        .partitionsFor(topic, DEADLINE)
        .forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
    return partitions;
  }

  private static boolean reached(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> end) {
    return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
  }

  private static ObjectNode line(ConsumerRecord<byte[], byte[]> r) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("partition", r.partition()).put("offset", r.offset()).put("timestamp", r.timestamp());
    n.put("key", r.key() == null ? null : B64.encodeToString(r.key()));
    n.put("value", r.value() == null ? null : B64.encodeToString(r.value()));
    ArrayNode headers = n.putArray("headers");
    for (Header h : r.headers()) {
      headers.addArray().add(h.key()).add(h.value() == null ? null : B64.encodeToString(h.value()));
    }
    return n;
  }

  /**
   * Writes the records of {@code topic}'s file in {@code dir} back into {@code topic}, each into
   * its partition, in order; returns how many.
   */
  long restore(String topic, Path dir) throws IOException {
    Map<String, Object> p = new HashMap<>(kafkaSettings);
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "obsera-restore-" + UUID.randomUUID());
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    long count = 0;
    List<Future<RecordMetadata>> sent = new ArrayList<>();
    try (KafkaProducer<byte[], byte[]> producer =
            new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        BufferedReader in = Files.newBufferedReader(file(dir, topic), StandardCharsets.UTF_8)) {
      for (String text = in.readLine(); text != null; text = in.readLine()) {
        if (!text.isBlank()) {
          sent.add(producer.send(record(topic, Json.MAPPER.readTree(text))));
          count++;
        }
      }
      producer.flush();
      for (Future<RecordMetadata> f : sent) {
        f.get();
      }
    } catch (ExecutionException e) {
      throw new IOException("writing " + topic + ": " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted writing " + topic, e);
    }
    return count;
  }

  private static ProducerRecord<byte[], byte[]> record(String topic, JsonNode n) {
    List<Header> headers = new ArrayList<>();
    for (JsonNode h : n.get("headers")) {
      headers.add(new RecordHeader(h.get(0).asText(), bytes(h.get(1))));
    }
    return new ProducerRecord<>(
        topic,
        n.get("partition").asInt(),
        n.get("timestamp").asLong(),
        bytes(n.get("key")),
        bytes(n.get("value")),
        headers);
  }

  private static byte[] bytes(JsonNode n) {
    return n == null || n.isNull() ? null : UNB64.decode(n.asText());
  }
}
