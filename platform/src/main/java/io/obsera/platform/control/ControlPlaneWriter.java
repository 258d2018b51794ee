package io.obsera.platform.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.control.ApiKeyRecord;
import io.obsera.model.control.SloDefinition;
import io.obsera.model.control.TenantRecord;
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

/**
 * Writes control-plane records, each signed ({@link ControlSigner}) with a version above every
 * earlier one; each call returns only after Kafka acknowledged the record.
 */
public final class ControlPlaneWriter implements AutoCloseable {
  private final KafkaProducer<String, byte[]> producer;
  private final ControlSigner signer;
  private volatile ControlChangeListener listener = ControlChangeListener.NONE;

  public ControlPlaneWriter(
      String bootstrapServers, Map<String, String> kafkaOverrides, ControlSigner signer) {
    this.signer = signer;
    Properties p = new Properties();
    p.putAll(kafkaOverrides);
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "obsera-control-writer");
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  /**
   * Tells {@code l} of every later put and delete (not of re-signing), with the replaced record.
   */
  public void listen(ControlChangeListener l) {
    this.listener = l == null ? ControlChangeListener.NONE : l;
  }

  public void putTenant(TenantRecord tenant) {
    send(Topics.CONTROL_TENANTS, tenant.id(), tenant);
  }

  public void putApiKey(ApiKeyRecord key) {
    send(Topics.CONTROL_API_KEYS, key.keyId(), key);
  }

  /** Writes an SLO definition; an invalid one is refused (never reaches the topic). */
  public void putSlo(SloDefinition slo) {
    send(Topics.CONTROL_SLOS, slo.key(), slo.requireValid());
  }

  /** Writes {@code value} as JSON under {@code key} to a compacted control-plane topic. */
  public void put(String topic, String key, Object value) {
    send(topic, key, value);
  }

  /**
   * Writes a signed deletion (an empty value, operation {@code delete}): the key disappears from
   * views, and an older record of it replayed later stays refused.
   */
  public void delete(String topic, String key) {
    ControlChangeListener l = listener;
    Object before = l.current(topic, key).orElse(null);
    write(topic, key, new byte[0], true);
    l.changed(topic, key, before, null);
  }

  /**
   * Writes a signed deletion of {@code key}, then a bare Kafka tombstone (null value) after it:
   * views drop the key at the signed deletion and ignore the tombstone, and compaction then removes
   * the key from the topic altogether (after {@code delete.retention.ms}), so keys that come and go
   * (sessions, password resets) do not make the topic grow forever. Only for records that cannot do
   * harm if replayed after that (expired ones): without the signed deletion in the topic, a
   * consumer reading from the start no longer knows the key's last version.
   */
  public void deleteForGood(String topic, String key) {
    delete(topic, key);
    try {
      producer.send(new ProducerRecord<>(topic, key, null)).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new ControlPlaneUnavailableException("could not write to " + topic, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ControlPlaneUnavailableException("interrupted writing to " + topic, e);
    }
  }

  /**
   * Writes {@code value} (JSON bytes as read from the topic) again, signed with a new version: how
   * records written before signing existed are adopted once.
   */
  public void resign(String topic, String key, byte[] value) {
    write(topic, key, value, false);
  }

  private void send(String topic, String key, Object value) {
    try {
      if (value == null) {
        throw new IllegalArgumentException("no value for " + topic + " key " + key);
      }
      ControlChangeListener l = listener;
      Object before = l.current(topic, key).orElse(null);
      write(topic, key, Json.MAPPER.writeValueAsBytes(value), false);
      l.changed(topic, key, before, value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot serialize " + value, e);
    }
  }

  /**
   * Writes a signed deletion of {@code key} into {@code partition}: the marker that the partition
   * holds signed records from here on ({@link ControlRecordAdoption}).
   */
  void markSigned(String topic, int partition, String key) {
    write(topic, partition, key, new byte[0], true);
  }

  private void write(String topic, String key, byte[] value, boolean delete) {
    write(topic, null, key, value, delete);
  }

  private void write(String topic, Integer partition, String key, byte[] value, boolean delete) {
    write(topic, partition, key, signer.nextVersion(), delete, value);
  }

  /** The id of the key this writer signs with. */
  String signerKeyId() {
    return signer.keyId();
  }

  /**
   * Writes a record again under its own version, signed by this writer's key ({@link
   * ControlRecordRotation}): it replaces the original in every view, and never a newer change.
   */
  void rewrite(
      String topic, int partition, String key, long version, boolean delete, byte[] value) {
    write(topic, partition, key, version, delete, value);
  }

  private void write(
      String topic, Integer partition, String key, long version, boolean delete, byte[] value) {
    try {
      producer
          .send(
              new ProducerRecord<>(
                  topic, partition, key, value, signer.sign(topic, key, version, delete, value)))
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new ControlPlaneUnavailableException("could not write to " + topic, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ControlPlaneUnavailableException("interrupted writing to " + topic, e);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
