package io.obsera.query.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.audit.AuditEvent;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends audit events to {@code obsera.audit} (keyed {@code tenant|eventId}, acks=all,
 * idempotent); the ClickHouse writer stores them in {@code audit_log}. A write that Kafka does not
 * acknowledge is logged with the event (which holds no secret).
 */
public final class AuditLog implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AuditLog.class);

  private final KafkaProducer<String, byte[]> producer;

  public AuditLog(String bootstrap, Map<String, String> kafkaOverrides) {
    Properties p = new Properties();
    p.putAll(kafkaOverrides);
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "obsera-audit-writer");
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  public void record(AuditEvent e) {
    try {
      producer
          .send(
              new ProducerRecord<>(
                  Topics.AUDIT, e.tenantId() + "|" + e.id(), Json.MAPPER.writeValueAsBytes(e)))
          .get(30, TimeUnit.SECONDS);
    } catch (JsonProcessingException | ExecutionException | TimeoutException ex) {
      log.error("audit event not stored: {}", e, ex);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      log.error("audit event not stored (interrupted): {}", e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
