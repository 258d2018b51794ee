package io.obsera.streams.topology;

import io.obsera.model.Json;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a global store of control-plane records (SLOs, endpoints): a valid record is put, a
 * tombstone deletes, and anything else (not JSON, invalid, key not the record's own key) is
 * skipped, logged and counted, so it never reaches the store and the previous record of that key
 * stays. Kafka Streams runs this processor on restore too, so the rule holds after a restart.
 *
 * @param <T> the record type, read with {@link Json#MAPPER}
 */
public final class ControlRecordUpdater<T> implements Processor<String, byte[], Void, Void> {
  private static final Logger log = LoggerFactory.getLogger(ControlRecordUpdater.class);

  /** What the store holds and how a record is checked. */
  public record Rules<T>(
      String storeName,
      Class<T> type,
      UnaryOperator<T> normalize,
      Function<T, List<String>> validate,
      Function<T, String> key) {}

  private final Rules<T> rules;
  private final AtomicLong skipped;
  private ProcessorContext<Void, Void> context;
  private KeyValueStore<String, T> store;

  public ControlRecordUpdater(Rules<T> rules, AtomicLong skipped) {
    this.rules = rules;
    this.skipped = skipped;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.context = context;
    this.store = context.getStateStore(rules.storeName());
  }

  @Override
  public void process(Record<String, byte[]> record) {
    String what = rules.type().getSimpleName();
    if (record.key() == null) {
      skip(record, "no key");
      return;
    }
    if (record.value() == null) {
      store.delete(record.key());
      return;
    }
    T value;
    try {
      value = rules.normalize().apply(Json.MAPPER.readValue(record.value(), rules.type()));
    } catch (Exception e) {
      skip(record, "not a " + what + ": " + e.getMessage());
      return;
    }
    List<String> errors = rules.validate().apply(value);
    if (!errors.isEmpty()) {
      skip(record, "invalid " + what + ": " + String.join("; ", errors));
    } else if (!rules.key().apply(value).equals(record.key())) {
      skip(record, "key is not " + rules.key().apply(value));
    } else {
      store.put(record.key(), value);
    }
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
