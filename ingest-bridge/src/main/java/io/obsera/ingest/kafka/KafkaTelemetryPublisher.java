package io.obsera.ingest.kafka;

import io.obsera.ingest.pipeline.Signal;
import io.obsera.ingest.translate.Fragment;
import io.obsera.model.RecordHeaders;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Idempotent, acks=all producer: a request is acknowledged only after every record is. */
public final class KafkaTelemetryPublisher implements TelemetryPublisher {
  private static final byte[] SCHEMA_V1 = RecordHeaders.bytes(RecordHeaders.OTLP_V1);
  private final KafkaProducer<String, byte[]> producer;
  private final Admin admin;

  public KafkaTelemetryPublisher(String bootstrap, Map<String, String> overrides) {
    Properties p = new Properties();
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "25000");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
    p.putAll(overrides);
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.CLIENT_ID_CONFIG, "obsera-ingest");
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    Properties a = new Properties();
    a.putAll(overrides);
    a.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    a.put(AdminClientConfig.CLIENT_ID_CONFIG, "obsera-ingest-health");
    this.admin = Admin.create(a);
  }

  @Override
  public CompletableFuture<Void> publish(Signal signal, String tenant, List<Fragment> fragments) {
    CompletableFuture<?>[] acks = new CompletableFuture<?>[fragments.size()];
    byte[] tenantHeader = RecordHeaders.bytes(tenant);
    byte[] signalHeader = RecordHeaders.bytes(signal.header());
    String topic = signal.topic();
    for (int i = 0; i < fragments.size(); i++) {
      Fragment f = fragments.get(i);
      ProducerRecord<String, byte[]> rec = new ProducerRecord<>(topic, f.key(), f.value());
      rec.headers().add(RecordHeaders.TENANT, tenantHeader);
      rec.headers().add(RecordHeaders.SIGNAL, signalHeader);
      rec.headers().add(RecordHeaders.SCHEMA, SCHEMA_V1);
      CompletableFuture<Void> ack = new CompletableFuture<>();
      acks[i] = ack;
      try {
        producer.send(
            rec,
            (md, e) -> {
              if (e == null) {
                ack.complete(null);
              } else {
                ack.completeExceptionally(e);
              }
            });
      } catch (RuntimeException e) {
        ack.completeExceptionally(e);
      }
    }
    return CompletableFuture.allOf(acks);
  }

  @Override
  public boolean ready() {
    try {
      admin
          .describeCluster(new DescribeClusterOptions().timeoutMs(2000))
          .clusterId()
          .get(3, TimeUnit.SECONDS);
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
    admin.close(Duration.ofSeconds(2));
  }
}
