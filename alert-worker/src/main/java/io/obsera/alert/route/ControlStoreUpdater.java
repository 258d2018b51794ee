package io.obsera.alert.route;

import io.obsera.model.Json;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a global store of control-plane records (routing, silences, channels): a sound record is
 * put (as {@code stored(record)}), a tombstone deletes, anything else (not JSON, a problem, a key
 * that is not the record's own) is skipped, counted and logged once, and the key keeps its previous
 * value. Kafka Streams runs this on restore too, so the store never holds a malformed record.
 *
 * @param <T> the record type on the topic, read with {@link Json#MAPPER}
 * @param <V> what the store keeps of it
 */
final class ControlStoreUpdater<T, V> implements Processor<String, byte[], Void, Void> {
  private static final Logger log = LoggerFactory.getLogger(ControlStoreUpdater.class);

  /** How records of one topic are checked and stored. */
  record Rules<T, V>(
      String storeName,
      Class<T> type,
      Function<T, String> problem,
      Function<T, String> key,
      Function<T, V> stored) {}

  private final Rules<T, V> rules;
  private final AtomicLong skipped;
  private KeyValueStore<String, V> store;

  ControlStoreUpdater(Rules<T, V> rules, AtomicLong skipped) {
    this.rules = rules;
    this.skipped = skipped;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.store = context.getStateStore(rules.storeName());
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (record.key() == null) {
      skip(record, "no key");
      return;
    }
    if (record.value() == null) {
      store.delete(record.key());
      return;
    }
    T value;
    String problem;
    try {
      value = Json.MAPPER.readValue(record.value(), rules.type());
      problem = rules.problem().apply(value);
      if (problem == null && !record.key().equals(rules.key().apply(value))) {
        problem = "key is not " + rules.key().apply(value);
      }
    } catch (Exception e) {
      skip(record, "not a " + rules.type().getSimpleName() + ": " + e.getMessage());
      return;
    }
    if (problem != null) {
      skip(record, problem);
    } else {
      store.put(record.key(), rules.stored().apply(value));
    }
  }

  private void skip(Record<String, byte[]> record, String reason) {
    skipped.incrementAndGet();
    log.warn(
        "skipping {} record with key {}: {}", rules.type().getSimpleName(), record.key(), reason);
  }
}
