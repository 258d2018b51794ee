package io.obsera.platform.control;

import io.obsera.model.Json;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest JSON value per key of one compacted control-plane topic, read from the beginning (no
 * consumer group) and kept current. Only records signed by a trusted key count ({@link
 * ControlVerifier}); a signed deletion removes a key; a record older than the key's current version
 * (a replay) is refused. Unsigned, forged, replayed and malformed records are skipped, counted and
 * logged, and the key keeps its previous value. The views of a process share one consumer per
 * servers and credentials ({@link ControlTopicReader}).
 */
public final class KeyedTopicView<V> implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KeyedTopicView.class);

  private final String topic;
  private final Class<V> type;
  private final BiFunction<String, V, String> problem;
  private final ControlVerifier verifier;
  private final Map<String, V> values = new ConcurrentHashMap<>();
  private final Map<String, Long> versions = new ConcurrentHashMap<>();
  private final AtomicLong refused = new AtomicLong();
  private final java.util.Set<Integer> signedPartitions = ConcurrentHashMap.newKeySet();
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final ControlTopicReader reader;
  private final ControlTopicReader.Subscription subscription;
  private final AtomicBoolean started = new AtomicBoolean();
  private final AtomicBoolean closed = new AtomicBoolean();

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
    this.subscription =
        new ControlTopicReader.Subscription(topic, this::apply, caughtUp::countDown);
    // the process's reader for these servers and credentials: one consumer for all its views
    this.reader = ControlTopicReader.acquire(bootstrapServers, kafkaOverrides);
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
    if (!started.compareAndSet(false, true)) {
      throw new IllegalStateException("view of " + topic + " already started");
    }
    reader.register(subscription);
    return this;
  }

  /** Waits until everything that was in the topic at start has been read. */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public Optional<V> get(String key) {
    return Optional.ofNullable(values.get(key));
  }

  /**
   * Whether everything that was in the topic at start has been read and the view still reads (a
   * view the reader stopped, see {@link #stopped()}, is not: its values may be out of date).
   */
  public boolean isCaughtUp() {
    return caughtUp.getCount() == 0 && subscription.stoppedBecause() == null;
  }

  /**
   * Why the view no longer reads its topic (its credentials may not read it, or it could not list
   * its partitions), if it stopped; logged at ERROR when it happened.
   */
  public Optional<String> stopped() {
    return Optional.ofNullable(subscription.stoppedBecause());
  }

  /** Why those of {@code views} that stopped did, joined with "; ", or empty if none did. */
  public static Optional<String> stoppedOf(Collection<? extends KeyedTopicView<?>> views) {
    List<String> why = views.stream().flatMap(v -> v.stopped().stream()).toList();
    return why.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", why));
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
    if (closed.compareAndSet(false, true)) {
      reader.release(subscription);
    }
  }
}
