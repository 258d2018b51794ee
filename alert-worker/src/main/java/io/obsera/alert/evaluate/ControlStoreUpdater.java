package io.obsera.alert.evaluate;

import io.obsera.model.Json;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills one of the evaluator's global stores from a compacted control-plane topic, read as raw
 * bytes (a GlobalKTable would restore bytes without the deserializer): a record the evaluator can
 * use is put, a tombstone deletes, and anything else (not JSON, unusable, key not the record's own)
 * is counted and logged once, here, and never reaches the store; the previous record of that key
 * stays. Streams runs this on restore too.
 */
final class ControlStoreUpdater<T> implements Processor<String, byte[], Void, Void> {
  private static final Logger log = LoggerFactory.getLogger(ControlStoreUpdater.class);

  /** One global store: its name, record type, what makes a record unusable, its own key. */
  record Spec<T>(
      String store, Class<T> type, Function<T, List<String>> problems, Function<T, String> key) {}

  private final Spec<T> spec;
  private final AtomicLong skipped;
  private KeyValueStore<String, T> store;

  ControlStoreUpdater(Spec<T> spec, AtomicLong skipped) {
    this.spec = spec;
    this.skipped = skipped;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(spec.store());
  }

  @Override
  public void process(Record<String, byte[]> record) {
    if (record.key() == null) {
      skip(null, "no key");
    } else if (record.value() == null) {
      store.delete(record.key());
    } else {
      String problem = problem(record);
      if (problem != null) {
        skip(record.key(), problem);
      }
    }
  }

  /** Puts a usable record; otherwise says why not. */
  private String problem(Record<String, byte[]> record) {
    T value;
    List<String> problems;
    String ownKey;
    try {
      value = Json.MAPPER.readValue(record.value(), spec.type());
      problems = spec.problems().apply(value);
      ownKey = problems.isEmpty() ? spec.key().apply(value) : null;
    } catch (Exception e) {
      return "not a usable " + spec.type().getSimpleName() + ": " + e.getMessage();
    }
    if (!problems.isEmpty()) {
      return String.join("; ", problems);
    }
    if (!record.key().equals(ownKey)) {
      return "key is not " + ownKey;
    }
    store.put(record.key(), value);
    return null;
  }

  private void skip(String key, String reason) {
    skipped.incrementAndGet();
    log.warn("alert evaluation skips {} record {}: {}", spec.type().getSimpleName(), key, reason);
  }
}
