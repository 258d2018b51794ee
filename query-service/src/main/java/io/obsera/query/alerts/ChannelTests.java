package io.obsera.query.alerts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.control.ChannelRecord;
import io.obsera.query.api.ApiException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A test notification through a channel's real sender. The senders live in the alert worker, so the
 * query service does not send: it writes the test to the outbox ({@code
 * obsera.alerts.notifications}, key {@code tenant|channel}, {@code "test": true}) where the
 * worker's delivery loop delivers it as any notification (decrypted channel, SSRF check before
 * every attempt, retries, circuit breaker) but records its end at once, even one a later attempt
 * could change, and never redelivers it. The answer is that end, read from {@code
 * obsera.alerts.deliveries} (key {@code deliveryId|channel}), or {@code PENDING} when it has not
 * come within the wait (no worker running, the channel's queue busy).
 */
public final class ChannelTests implements AutoCloseable {
  /** What the test came to. */
  public record Result(
      String channelId,
      String deliveryId,
      String status,
      String outcome,
      int attempts,
      int lastStatus,
      String error) {}

  private final String bootstrap;
  private final Map<String, String> kafkaOverrides;
  private final KafkaProducer<String, byte[]> producer;
  private final TestThrottle throttle;
  private final Duration wait;
  private final Clock clock;

  public ChannelTests(
      String bootstrap,
      Map<String, String> kafkaOverrides,
      TestThrottle throttle,
      Duration wait,
      Clock clock) {
    this.bootstrap = bootstrap;
    this.kafkaOverrides = Map.copyOf(kafkaOverrides);
    Properties p = new Properties();
    p.putAll(kafkaOverrides);
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "obsera-channel-tests");
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    this.throttle = throttle;
    this.wait = wait;
    this.clock = clock;
  }

  /** Sends a test to {@code channel} (of the caller's tenant) and waits for its end. */
  public Result send(ChannelRecord channel) {
    throttle.acquire(channel.tenantId(), channel.id());
    String deliveryId = HexFormat.of().formatHex(randomBytes());
    String key = deliveryId + "|" + channel.id();
    try (KafkaConsumer<String, byte[]> deliveries = deliveriesFromNow()) {
      produce(channel, deliveryId);
      long deadline = System.nanoTime() + wait.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, byte[]> r : deliveries.poll(Duration.ofMillis(200))) {
          if (key.equals(r.key())) {
            return resultOf(channel.id(), deliveryId, r.value());
          }
        }
      }
    }
    return new Result(channel.id(), deliveryId, "PENDING", null, 0, 0, null);
  }

  /** A reader of every deliveries partition, positioned at its end before the test is written. */
  private KafkaConsumer<String, byte[]> deliveriesFromNow() {
    Properties p = new Properties();
    p.putAll(kafkaOverrides);
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "obsera-channel-tests");
    KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    List<TopicPartition> parts =
        c.partitionsFor(Topics.ALERT_DELIVERIES, Duration.ofSeconds(10)).stream()
            .map(i -> new TopicPartition(i.topic(), i.partition()))
            .toList();
    c.assign(parts);
    c.seekToEnd(parts);
    parts.forEach(tp -> c.position(tp, Duration.ofSeconds(10))); // fix the end now
    return c;
  }

  private void produce(ChannelRecord channel, String deliveryId) {
    Instant now = clock.instant();
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("tenantId", channel.tenantId());
    n.put("alertId", "channel-test");
    n.put("fingerprint", "test-" + deliveryId);
    n.put("sequence", 1);
    n.put("deliveryId", deliveryId);
    n.put("state", "FIRING");
    n.put("severity", "INFO");
    n.put("title", "[TEST] Obsera channel test: " + channel.name());
    n.put(
        "summary",
        "A test notification from Obsera to check this channel."
            + " No alert is firing; nothing needs to be done.");
    n.putObject("labels").put("test", "true").put("channel", channel.id());
    n.putArray("links");
    n.put("startsAt", now.toString());
    ObjectNode outbox = Json.MAPPER.createObjectNode();
    outbox.put("channelId", channel.id());
    outbox.set("notification", n);
    outbox.put("test", true);
    try {
      producer
          .send(
              new ProducerRecord<>(
                  Topics.ALERT_NOTIFICATIONS,
                  channel.tenantId() + "|" + channel.id(),
                  Json.MAPPER.writeValueAsBytes(outbox)))
          .get(10, TimeUnit.SECONDS);
    } catch (IOException | ExecutionException | TimeoutException e) {
      throw ApiException.unavailable("the test could not be queued: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unavailable("interrupted while queueing the test");
    }
  }

  private static Result resultOf(String channelId, String deliveryId, byte[] value) {
    JsonNode d;
    try {
      d = Json.MAPPER.readTree(value);
    } catch (IOException e) {
      throw ApiException.unavailable("the delivery record is unreadable: " + e.getMessage());
    }
    return new Result(
        channelId,
        deliveryId,
        d.path("status").asText("FAILED"),
        d.hasNonNull("outcome") ? d.get("outcome").asText() : null,
        d.path("attempts").asInt(),
        d.path("lastStatus").asInt(),
        d.hasNonNull("error") ? d.get("error").asText() : null);
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[16];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(2));
  }
}
