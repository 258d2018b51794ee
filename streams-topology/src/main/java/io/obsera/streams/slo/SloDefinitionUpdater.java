package io.obsera.streams.slo;

import io.obsera.model.Json;
import io.obsera.model.control.SloDefinition;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global SLO store: a valid definition is put, a tombstone deletes, and anything else
 * (not JSON, invalid, key not {@code tenant|id} of the record) is skipped, logged and counted, so
 * it never reaches the store and the previous definition of that key stays. Kafka Streams runs this
 * processor on restore too, so the rule holds after a restart.
 */
final class SloDefinitionUpdater implements Processor<String, byte[], Void, Void> {
  private static final Logger log = LoggerFactory.getLogger(SloDefinitionUpdater.class);

  private final AtomicLong skipped;
  private ProcessorContext<Void, Void> context;
  private KeyValueStore<String, SloDefinition> store;

  SloDefinitionUpdater(AtomicLong skipped) {
    this.skipped = skipped;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    this.context = context;
    this.store = context.getStateStore(SloTopology.DEFINITIONS_STORE);
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
    SloDefinition slo;
    try {
      slo = Json.MAPPER.readValue(record.value(), SloDefinition.class);
    } catch (Exception e) {
      skip(record, "not an SLO definition: " + e.getMessage());
      return;
    }
    List<String> errors = slo.validate();
    if (!errors.isEmpty()) {
      skip(record, "invalid SLO definition: " + String.join("; ", errors));
    } else if (!slo.key().equals(record.key())) {
      skip(record, "key is not " + slo.key());
    } else {
      store.put(record.key(), slo);
    }
  }

  private void skip(Record<String, byte[]> record, String reason) {
    skipped.incrementAndGet();
    String source =
        context
            .recordMetadata()
            .map(m -> m.topic() + "-" + m.partition() + "@" + m.offset())
            .orElse("?");
    log.warn("skipping SLO record {} key {}: {}", source, record.key(), reason);
  }
}
