package io.obsera.alert.outbox;

import io.obsera.model.Json;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Writes delivery outcomes to the deliveries topic (idempotent producer, acks=all). */
final class DeliveryRecorder implements AutoCloseable {
  private final KafkaProducer<String, byte[]> producer;
  private final String topic;

  DeliveryRecorder(String bootstrap, Map<String, String> overrides, String topic) {
    Properties p = new Properties();
    p.putAll(overrides);
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    this.topic = topic;
  }

  /** Returns once the outcome is stored; throws when Kafka did not take it. */
  void record(DeliveryRecord r) throws Exception {
    try {
      producer
          .send(new ProducerRecord<>(topic, r.key(), Json.MAPPER.writeValueAsBytes(r)))
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception c ? c : e;
    } catch (TimeoutException e) {
      throw new IllegalStateException("recording delivery " + r.key() + " timed out", e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
