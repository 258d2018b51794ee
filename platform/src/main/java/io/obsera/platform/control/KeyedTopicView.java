package io.obsera.platform.control;

import io.obsera.model.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;
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
 * The latest JSON value per key of one compacted control-plane topic, read from the beginning (no
 * consumer group) and kept current. Only records signed by a trusted key count ({@link
 * ControlVerifier}); a signed deletion removes a key; a record older than the key's current version
 * (a replay) is refused. Unsigned, forged, replayed and malformed records are skipped, counted and
 * logged, and the key keeps its previous value.
 */
public final class KeyedTopicView<V> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KeyedTopicView.class);
  private static final Duration POLL_TIMEOUT = Duration.ofSeconds(30);

  /**
   * The poll timeout until the view has caught up: the last thing in a topic is often a transaction
   * marker, which advances the position without returning a record, so a long poll would only
   * notice the catch-up when it times out (every start would wait {@link #POLL_TIMEOUT}).
   */
  private static final Duration CATCH_UP_POLL_TIMEOUT = Duration.ofMillis(100);

  private final String topic;
  private final Class<V> type;
  private final BiFunction<String, V, String> problem;
  private final ControlVerifier verifier;
  private final Map<String, V> values = new ConcurrentHashMap<>();
  private final Map<String, Long> versions = new ConcurrentHashMap<>();
  private final AtomicLong refused = new AtomicLong();
  private final java.util.Set<Integer> signedPartitions = ConcurrentHashMap.newKeySet();
  private final KafkaConsumer<String, byte[]> consumer;
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final Thread thread;
  private volatile boolean running = true;

  public KeyedTopicView(
      String bootstrapServers,
      Map<String, String> kafkaOverrides,
      ControlVerifier verifier,
      String topic,
      Class<V> type) {
    this(bootstrapServers, kafkaOverrides, verifier, topic, type, (key, value) -> null);
  }

  /**
   * @param problem what is wrong with a record (key, value), or null: a record with a problem is
   *     skipped like a malformed one, and the key keeps its previous value
   */
  public KeyedTopicView(
      String bootstrapServers,
      Map<String, String> kafkaOverrides,
      ControlVerifier verifier,
      String topic,
      Class<V> type,
      BiFunction<String, V, String> problem) {
    this.verifier = verifier;
    this.topic = topic;
    this.type = type;
    this.problem = problem;
    Properties p = new Properties();
    p.putAll(kafkaOverrides);
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "obsera-view-" + topic + "-" + UUID.randomUUID());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    // the broker answers a fetch as soon as a record is there: holding an empty fetch longer than
    // the default 500 ms only spares an idle broker and view the empty answers (a runtime has
    // about 20 views); below request.timeout.ms (30 s), which a held fetch must not reach
    p.putIfAbsent(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "15000");
    this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    this.thread = new Thread(this::run, "view-" + topic);
    this.thread.setDaemon(true);
  }

  /**
   * The usual check of a control record: {@code validate} finds no problem and the record's own key
   * ({@code ownKey}) is the record's Kafka key. Problems read {@code invalid <what>: ...}.
   */
  public static <V> BiFunction<String, V, String> sound(
      String what, Function<V, List<String>> validate, Function<V, String> ownKey) {
    return (key, value) -> {
      List<String> errors = validate.apply(value);
      if (!errors.isEmpty()) {
        return "invalid " + what + ": " + errors;
      }
      return key.equals(ownKey.apply(value)) ? null : "invalid " + what + ": key does not match";
    };
  }

  public KeyedTopicView<V> start() {
    thread.start();
    return this;
  }

  /** Waits until everything that was in the topic at start has been read. */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public Optional<V> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  public boolean isCaughtUp() {
    return caughtUp.getCount() == 0;
  }

  /** How many records were refused (unsigned, forged, replayed or malformed) since start. */
  public long refused() {
    return refused.get();
  }

  /** Every value (a snapshot). */
  public List<V> values() {
    return List.copyOf(values.values());
  }

  /** Every value whose key starts with {@code prefix} (a snapshot). */
  public List<V> withKeyPrefix(String prefix) {
    return values.entrySet().stream()
        .filter(e -> e.getKey().startsWith(prefix))
        .map(Map.Entry::getValue)
        .toList();
  }

  private void run() {
    try {
      List<TopicPartition> parts =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(pi -> new TopicPartition(pi.topic(), pi.partition()))
              .toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      while (running) {
        if (caughtUp.getCount() > 0
            && end.entrySet().stream()
                .allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
          caughtUp.countDown();
        }
        // a record is returned as soon as it arrives and close() wakes the poll: waiting long
        // changes no latency, and an idle view does not spin
        Duration timeout = caughtUp.getCount() > 0 ? CATCH_UP_POLL_TIMEOUT : POLL_TIMEOUT;
        for (ConsumerRecord<String, byte[]> r : consumer.poll(timeout)) {
          apply(r);
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      log.error("view of {} stopped", topic, e);
    } finally {
      // no group, no offsets to commit: nothing to wait for (waiting would hold every close for
      // the fetch in flight, up to fetch.max.wait.ms)
      consumer.close(Duration.ZERO);
    }
  }

  private void apply(ConsumerRecord<String, byte[]> r) {
    if (r.key() == null) {
      refuse(r, "no key");
      return;
    }
    if (r.value() == null && !values.containsKey(r.key())) {
      // a bare tombstone after a signed deletion (ControlPlaneWriter.deleteForGood): the cue for
      // compaction to drop the key; nothing to change here. One for a live key stays refused.
      return;
    }
    ControlVerifier.Verdict verdict = verifier.verify(topic, r.key(), r.value(), r.headers());
    if (ControlVerifier.carriesSignature(r.headers())) {
      signedPartitions.add(r.partition());
    } else if (!signedPartitions.contains(r.partition())) {
      // written before records were signed: adopted (signed again) at the query service's start
      log.debug(
          "ignoring unsigned record {}-{}@{} of before signing", topic, r.partition(), r.offset());
      return;
    }
    if (!verdict.accepted()) {
      refuse(r, verdict.problem());
      return;
    }
    Long current = versions.get(r.key());
    if (current != null && verdict.version() < current) {
      refuse(r, "replayed: version " + verdict.version() + " is older than " + current);
      return;
    }
    if (verdict.delete()) {
      values.remove(r.key());
      versions.put(r.key(), verdict.version());
      return;
    }
    try {
      V value = Json.MAPPER.readValue(r.value(), type);
      String wrong = problem.apply(r.key(), value);
      if (wrong != null) {
        throw new IllegalArgumentException(wrong);
      }
      values.put(r.key(), value);
      versions.put(r.key(), verdict.version());
    } catch (Exception e) {
      refuse(r, "malformed: " + e.getMessage());
    }
  }

  private void refuse(ConsumerRecord<String, byte[]> r, String why) {
    refused.incrementAndGet();
    log.warn("refusing control record {}-{}@{}: {}", topic, r.partition(), r.offset(), why);
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
