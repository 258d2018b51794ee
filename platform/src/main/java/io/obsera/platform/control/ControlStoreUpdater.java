package io.obsera.platform.control;

import io.obsera.model.Json;
import io.obsera.platform.kafka.JsonSerde;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a global store of control-plane records (SLOs, endpoints, alert rules, routing, silences,
 * channels) from a compacted topic read as raw bytes (a GlobalKTable would restore bytes without
 * the deserializer): a sound record signed by a trusted key ({@link ControlVerifier}) is put (as
 * {@code stored(record)}), a signed deletion deletes, and anything else (unsigned or forged, older
 * than the key's version seen since start, no key, not JSON, a problem, a key that is not the
 * record's own) is skipped, counted and logged once, so the key keeps its previous value. Kafka
 * Streams runs this processor on restore too, so the store never holds a malformed record, also
 * after a restart.
 *
 * @param <T> the record type on the topic, read with {@link Json#MAPPER}
 * @param <V> what the store keeps of it
 */
public final class ControlStoreUpdater<T, V> implements Processor<String, byte[], Void, Void> {
  private static final Logger log = LoggerFactory.getLogger(ControlStoreUpdater.class);

  /**
   * How records of one topic are read, checked and stored.
   *
   * @param storeName the global store
   * @param type the record type on the topic
   * @param normalize applied right after reading (defaults filled in), before the checks
   * @param problems what makes a record unusable (empty: usable)
   * @param key the record's own key
   * @param storedType what the store keeps
   * @param stored what the store keeps of a record
   */
  public record Rules<T, V>(
      String storeName,
      Class<T> type,
      UnaryOperator<T> normalize,
      Function<T, List<String>> problems,
      Function<T, String> key,
      Class<V> storedType,
      Function<T, V> stored) {

    /** Records stored as they are read. */
    public static <T> Rules<T, T> of(
        String storeName,
        Class<T> type,
        Function<T, List<String>> problems,
        Function<T, String> key) {
      return new Rules<>(storeName, type, t -> t, problems, key, type, t -> t);
    }

    /** The same rules with {@code normalize} applied to each record read. */
    public Rules<T, V> normalizedBy(UnaryOperator<T> normalize) {
      return new Rules<>(storeName, type, normalize, problems, key, storedType, stored);
    }

    /** The same rules keeping {@code stored(record)} instead of the record. */
    public <W> Rules<T, W> storing(Class<W> newStoredType, Function<T, W> newStored) {
      return new Rules<>(storeName, type, normalize, problems, key, newStoredType, newStored);
    }
  }

  /** A check that finds at most one problem ({@code null}: none) as a list of problems. */
  public static <T> Function<T, List<String>> atMostOne(Function<T, String> problem) {
    return t -> {
      String p = problem.apply(t);
      return p == null ? List.of() : List.of(p);
    };
  }

  /**
   * Adds the global store of {@code rules} to {@code builder}, filled from {@code topic} by this
   * updater (source node {@code sourceName}); skipped records are counted in {@code skipped}.
   */
  public static <T, V> void addGlobalStore(
      StreamsBuilder builder,
      Rules<T, V> rules,
      String topic,
      String sourceName,
      ControlVerifier verifier,
      AtomicLong skipped) {
    builder.addGlobalStore(
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(rules.storeName()),
                Serdes.String(),
                JsonSerde.of(rules.storedType()))
            .withLoggingDisabled(),
        topic,
        Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(sourceName),
        () -> new ControlStoreUpdater<>(rules, topic, verifier, skipped));
  }

  private final Rules<T, V> rules;
  private final String topic;
  private final ControlVerifier verifier;
  private final Map<String, Long> versions = new HashMap<>();
  private final java.util.Set<Integer> signedPartitions = new java.util.HashSet<>();
  private final AtomicLong skipped;
  private ProcessorContext<Void, Void> context;
  private KeyValueStore<String, V> store;

  public ControlStoreUpdater(
      Rules<T, V> rules, String topic, ControlVerifier verifier, AtomicLong skipped) {
    this.rules = rules;
    this.topic = topic;
    this.verifier = verifier;
    this.skipped = skipped;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.context = context;
    this.store = context.getStateStore(rules.storeName());
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (record.key() == null) {
      skip(record, "no key");
      return;
    }
    ControlVerifier.Verdict verdict =
        verifier.verify(topic, record.key(), record.value(), record.headers());
    int partition = context.recordMetadata().map(m -> m.partition()).orElse(-1);
    if (ControlVerifier.carriesSignature(record.headers())) {
      signedPartitions.add(partition);
    } else if (!signedPartitions.contains(partition)) {
      return; // written before records were signed: adopted at the query service's start
    }
    if (!verdict.accepted()) {
      skip(record, verdict.problem());
      return;
    }
    Long current = versions.get(record.key());
    if (current != null && verdict.version() < current) {
      skip(record, "replayed: version " + verdict.version() + " is older than " + current);
      return;
    }
    if (verdict.delete()) {
      store.delete(record.key());
      versions.put(record.key(), verdict.version());
      return;
    }
    String problem = putIfSound(record);
    if (problem != null) {
      skip(record, problem);
    } else {
      versions.put(record.key(), verdict.version());
    }
  }

  /** Puts a sound record; otherwise says why not. */
  private String putIfSound(Record<String, byte[]> record) {
    String what = rules.type().getSimpleName();
    T value;
    List<String> problems;
    String ownKey;
    V kept;
    try {
      value = rules.normalize().apply(Json.MAPPER.readValue(record.value(), rules.type()));
      problems = rules.problems().apply(value);
      if (!problems.isEmpty()) {
        return "invalid " + what + ": " + String.join("; ", problems);
      }
      ownKey = rules.key().apply(value);
      kept = rules.stored().apply(value);
    } catch (Exception e) {
      return "not a usable " + what + ": " + e.getMessage();
    }
    if (!record.key().equals(ownKey)) {
      return "key is not " + ownKey;
    }
    store.put(record.key(), kept);
    return null;
  }

  private void skip(Record<String, byte[]> record, String reason) {
    skipped.incrementAndGet();
    String source =
        context
            .recordMetadata()
            .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
            .orElse("?");
    log.warn(
        "skipping {} record {} key {}: {}",
        rules.type().getSimpleName(),
        source,
        record.key(),
        reason);
  }
}
