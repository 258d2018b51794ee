package io.obsera.model.control;

import io.obsera.model.Json;
import io.obsera.model.Topics;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumer-built, always-current view of tenants, API keys and SLO definitions, read from the
 * compacted control-plane topics from the beginning (no consumer group). A key revoked through the
 * admin API stops authenticating as soon as its record is read, typically well under a second.
 */
public final class ControlPlaneView implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ControlPlaneView.class);
  private static final List<String> TOPICS =
      List.of(Topics.CONTROL_TENANTS, Topics.CONTROL_API_KEYS, Topics.CONTROL_SLOS);

  private final Map<String, TenantRecord> tenants = new ConcurrentHashMap<>();
  private final Map<String, ApiKeyRecord> keys = new ConcurrentHashMap<>();
  private final Map<String, SloDefinition> slos = new ConcurrentHashMap<>();
  private final KafkaConsumer<String, byte[]> consumer;
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean running = true;

  public ControlPlaneView(String bootstrapServers, Map<String, String> kafkaOverrides) {
    Properties p = new Properties();
    p.putAll(kafkaOverrides);
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "obsera-control-view-" + UUID.randomUUID());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    this.thread = new Thread(this::run, "control-plane-view");
    this.thread.setDaemon(true);
  }

  /** Starts reading; returns at once. Use {@link #awaitCaughtUp} before serving. */
  public ControlPlaneView start() {
    thread.start();
    return this;
  }

  /** Waits until everything that was in the topics at start has been read. */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public boolean isCaughtUp() {
    return caughtUp.getCount() == 0;
  }

  /** Every tenant known now (a snapshot). */
  public List<TenantRecord> tenants() {
    return List.copyOf(tenants.values());
  }

  public Optional<TenantRecord> tenant(String id) {
    return Optional.ofNullable(tenants.get(id));
  }

  /** The key behind a bearer token, if it exists, is not revoked, matches and has the scope. */
  public Optional<ApiKeyRecord> authenticate(String bearerToken, Scope scope) {
    return authenticate(bearerToken).filter(k -> k.scopes().contains(scope));
  }

  /** The key behind a bearer token, if it exists, is not revoked and matches (any scope). */
  public Optional<ApiKeyRecord> authenticate(String bearerToken) {
    if (bearerToken == null || bearerToken.isEmpty()) {
      return Optional.empty();
    }
    ApiKeyToken token = ApiKeyToken.parse(bearerToken);
    ApiKeyRecord rec = keys.get(token.keyId());
    if (rec == null || rec.revoked()) {
      return Optional.empty();
    }
    boolean match =
        MessageDigest.isEqual(
            rec.secretSha256().getBytes(StandardCharsets.US_ASCII),
            token.secretSha256().getBytes(StandardCharsets.US_ASCII));
    return match ? Optional.of(rec) : Optional.empty();
  }

  /** Origins allowed by any live browser key: CORS preflights from them are answered. */
  public boolean anyBrowserKeyAllows(String origin) {
    for (ApiKeyRecord k : keys.values()) {
      if (!k.revoked() && k.scopes().contains(Scope.BROWSER) && k.origins().contains(origin)) {
        return true;
      }
    }
    return false;
  }

  /** Every key record of a tenant, revoked ones included. */
  public List<ApiKeyRecord> keysOf(String tenantId) {
    return keys.values().stream().filter(k -> k.tenantId().equals(tenantId)).toList();
  }

  public Optional<ApiKeyRecord> key(String keyId) {
    return Optional.ofNullable(keys.get(keyId));
  }

  /** The tenant's SLO, if defined. */
  public Optional<SloDefinition> slo(String tenantId, String sloId) {
    return Optional.ofNullable(slos.get(SloDefinition.key(tenantId, sloId)));
  }

  /** Every SLO of a tenant, ordered by id. */
  public List<SloDefinition> slosOf(String tenantId) {
    return slos.values().stream()
        .filter(s -> s.tenantId().equals(tenantId))
        .sorted(java.util.Comparator.comparing(SloDefinition::id))
        .toList();
  }

  private void run() {
    try {
      List<TopicPartition> parts =
          TOPICS.stream()
              .flatMap(t -> consumer.partitionsFor(t, Duration.ofSeconds(30)).stream())
              .map(pi -> new TopicPartition(pi.topic(), pi.partition()))
              .toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      while (running) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          apply(r);
        }
        if (caughtUp.getCount() > 0
            && end.entrySet().stream()
                .allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
          caughtUp.countDown();
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      log.error("control-plane view stopped", e);
    } finally {
      consumer.close(Duration.ofSeconds(2));
    }
  }

  private void apply(ConsumerRecord<String, byte[]> r) {
    try {
      switch (r.topic()) {
        case Topics.CONTROL_TENANTS -> {
          if (r.value() == null) {
            tenants.remove(r.key());
          } else {
            tenants.put(r.key(), Json.MAPPER.readValue(r.value(), TenantRecord.class));
          }
        }
        case Topics.CONTROL_API_KEYS -> {
          if (r.value() == null) {
            keys.remove(r.key());
          } else {
            keys.put(r.key(), Json.MAPPER.readValue(r.value(), ApiKeyRecord.class));
          }
        }
        case Topics.CONTROL_SLOS -> applySlo(r);
        default -> log.warn("unexpected control-plane topic {}", r.topic());
      }
    } catch (Exception e) {
      log.warn(
          "skipping malformed control-plane record {}-{}@{}: {}",
          r.topic(),
          r.partition(),
          r.offset(),
          e.getMessage());
    }
  }

  /** Tombstones delete; an invalid definition is skipped (the previous one stays). */
  private void applySlo(ConsumerRecord<String, byte[]> r) throws java.io.IOException {
    if (r.value() == null) {
      slos.remove(r.key());
      return;
    }
    SloDefinition slo = Json.MAPPER.readValue(r.value(), SloDefinition.class);
    List<String> errors = slo.validate();
    if (!errors.isEmpty() || !slo.key().equals(r.key())) {
      throw new IllegalArgumentException(
          "invalid SLO definition: " + (errors.isEmpty() ? "key does not match" : errors));
    }
    slos.put(r.key(), slo);
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
