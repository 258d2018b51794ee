package io.obsera.streams.slo;

import io.obsera.model.control.SloDefinition;
import io.obsera.model.facts.SliDelta;
import io.obsera.platform.kafka.OnDemandPunctuation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Good/total counts per (tenant, SLO, minute) waiting in a store ({@code tenant|sloId|minute}) for
 * the next flush, shared by the span counter ({@link SliCounter}) and the health-check counter
 * ({@link UptimeSliCounter}): both forward the same {@link SliDelta}s.
 */
final class PendingSliCounts {
  private static final StringSerializer KEYS = new StringSerializer();

  private final KeyValueStore<String, SliCount> pending;
  private final ReadOnlyKeyValueStore<String, SloDefinition> definitions;

  PendingSliCounts(
      KeyValueStore<String, SliCount> pending,
      ReadOnlyKeyValueStore<String, SloDefinition> definitions) {
    this.pending = pending;
    this.definitions = definitions;
  }

  /** The SLOs of {@code tenant}. */
  List<SloDefinition> slosOf(String tenant) {
    List<SloDefinition> out = new ArrayList<>();
    try (KeyValueIterator<String, SloDefinition> it = definitions.prefixScan(tenant + "|", KEYS)) {
      it.forEachRemaining(kv -> out.add(kv.value));
    }
    return out;
  }

  /** Adds to the count of {@code slo} in the minute starting at {@code minute}. */
  void add(SloDefinition slo, long minute, long good, long total) {
    String key = slo.key() + "|" + minute;
    SliCount before = pending.get(key);
    pending.put(key, (before == null ? new SliCount(minute, 0, 0) : before).plus(good, total));
  }

  /**
   * The punctuation that flushes the pending counts every {@code interval} while there are some (an
   * idle application commits no transaction); started already when the store holds counts.
   */
  OnDemandPunctuation flushing(ProcessorContext<String, SliDelta> context, Duration interval) {
    OnDemandPunctuation p =
        new OnDemandPunctuation(
            context,
            interval,
            now -> {
              flush(context, now);
              return OnDemandPunctuation.holdsAny(pending);
            });
    if (OnDemandPunctuation.holdsAny(pending)) {
      p.start();
    }
    return p;
  }

  /** Forwards every pending count keyed {@code tenant|sloId} and clears it. */
  void flush(ProcessorContext<String, SliDelta> context, long now) {
    List<KeyValue<String, SliCount>> all = new ArrayList<>();
    try (KeyValueIterator<String, SliCount> it = pending.all()) {
      it.forEachRemaining(all::add);
    }
    for (KeyValue<String, SliCount> kv : all) {
      pending.delete(kv.key);
      String sloKey = kv.key.substring(0, kv.key.lastIndexOf('|'));
      SloDefinition slo = definitions.get(sloKey);
      if (slo != null) {
        SliCount c = kv.value;
        context.forward(
            new Record<>(
                sloKey,
                new SliDelta(slo.tenantId(), slo.id(), c.startMillis(), c.good(), c.total()),
                now));
      }
    }
  }
}
