package io.obsera.writer.sink;

import io.obsera.model.RecordHeaders;
import io.obsera.model.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends records the writer cannot encode to the dead-letter topic, unchanged, with their headers
 * plus the reason and the source (topic-partition@offset). Synchronous: the record is in the
 * dead-letter topic before its offset can be committed; a failure is a {@link KafkaException}, on
 * which the writer starts again from its committed offsets.
 */
final class DeadLetterPublisher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DeadLetterPublisher.class);

  private final KafkaProducer<String, byte[]> producer;
  private final AtomicLong sent = new AtomicLong();

  DeadLetterPublisher(String bootstrap, Map<String, String> kafkaOverrides) {
    Properties p = new Properties();
    p.putAll(kafkaOverrides);
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "obsera-writer-dlq");
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  void publish(ConsumerRecord<String, byte[]> r, String reason) {
    log.warn("dead-lettering {}-{}@{}: {}", r.topic(), r.partition(), r.offset(), reason);
    ProducerRecord<String, byte[]> dlq =
        new ProducerRecord<>(Topics.DEAD_LETTER, r.key(), r.value());
    r.headers().forEach(h -> dlq.headers().add(h));
    dlq.headers().add(RecordHeaders.DLQ_REASON, RecordHeaders.bytes(reason));
    dlq.headers()
        .add(
            RecordHeaders.DLQ_SOURCE,
            RecordHeaders.bytes(r.topic() + "-" + r.partition() + "@" + r.offset()));
    try {
      producer.send(dlq).get(30, TimeUnit.SECONDS);
      sent.incrementAndGet();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      // The writer re-reads from its committed offsets and tries again: nothing is skipped.
      throw new KafkaException("cannot write to the dead-letter topic", e);
    }
  }

  long sent() {
    return sent.get();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
