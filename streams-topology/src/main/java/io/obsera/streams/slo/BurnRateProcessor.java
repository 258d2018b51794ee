package io.obsera.streams.slo;

import io.obsera.model.control.SloDefinition;
import io.obsera.model.facts.BurnRates;
import io.obsera.model.facts.SliDelta;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Per SLO (records keyed {@code tenant|sloId}): a ring buffer of per-minute good/total covering 3
 * days ({@code <key>|m|<minute mod 4320>}) and one of hourly buckets covering 32 days ({@code
 * <key>|h|<hour mod 768>}), both in a changelogged store. A bucket holding an older minute (hour)
 * is overwritten; a delta older than what its slot holds is too late for that ring.
 *
 * <p>Every {@code interval} of wall-clock time it emits the burn rates of every SLO it has seen,
 * with the injected clock's time as now (the punctuation only ticks), so rates decay to 0 when
 * traffic stops. An SLO that was deleted (or deleted and created again) loses its state at the next
 * punctuation.
 */
final class BurnRateProcessor implements Processor<String, SliDelta, String, BurnRates> {
  private static final StringSerializer KEYS = new StringSerializer();

  private final Duration interval;
  private final Clock clock;
  private ProcessorContext<String, BurnRates> context;
  private ReadOnlyKeyValueStore<String, SloDefinition> definitions;
  private KeyValueStore<String, SliCount> ring;
  private KeyValueStore<String, Long> registry;

  BurnRateProcessor(Duration interval, Clock clock) {
    this.interval = interval;
    this.clock = clock;
  }

  @Override
  public void init(ProcessorContext<String, BurnRates> context) {
    this.context = context;
    this.definitions = context.getStateStore(SloTopology.DEFINITIONS_STORE);
    this.ring = context.getStateStore(SloTopology.RING_STORE);
    this.registry = context.getStateStore(SloTopology.REGISTRY_STORE);
    context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, tick -> emit(clock.millis()));
  }

  @Override
  public void process(Record<String, SliDelta> record) {
    SloDefinition slo = definitions.get(record.key());
    if (slo == null) {
      return; // deleted since the spans were counted
    }
    if (!current(record.key(), slo)) {
      purge(record.key());
      registry.put(record.key(), slo.createdAt().toEpochMilli());
    }
    SliDelta d = record.value();
    long minute = d.minuteStartMillis();
    long hour = Math.floorDiv(minute, BurnWindows.HOUR) * BurnWindows.HOUR;
    addTo(minuteSlot(record.key(), minute), minute, d);
    addTo(hourSlot(record.key(), hour), hour, d);
  }

  private void addTo(String slot, long start, SliDelta d) {
    SliCount held = ring.get(slot);
    if (held == null || held.startMillis() < start) {
      ring.put(slot, new SliCount(start, d.good(), d.total()));
    } else if (held.startMillis() == start) {
      ring.put(slot, held.plus(d.good(), d.total()));
    }
    // else: older than the ring covers
  }

  private void emit(long now) {
    List<KeyValue<String, Long>> seen = new ArrayList<>();
    try (KeyValueIterator<String, Long> it = registry.all()) {
      it.forEachRemaining(seen::add);
    }
    for (KeyValue<String, Long> kv : seen) {
      SloDefinition slo = definitions.get(kv.key);
      if (slo == null || !current(kv.key, slo)) {
        purge(kv.key);
        continue;
      }
      List<SliCount> minutes = scan(kv.key + "|m|");
      List<SliCount> hours = scan(kv.key + "|h|");
      context.forward(new Record<>(kv.key, BurnWindows.compute(slo, now, minutes, hours), now));
    }
  }

  /** The state belongs to this definition (not to an earlier SLO of the same id). */
  private boolean current(String key, SloDefinition slo) {
    Long created = registry.get(key);
    return created != null && created == slo.createdAt().toEpochMilli();
  }

  private void purge(String key) {
    List<String> slots = new ArrayList<>();
    try (KeyValueIterator<String, SliCount> it = ring.prefixScan(key + "|", KEYS)) {
      it.forEachRemaining(kv -> slots.add(kv.key));
    }
    slots.forEach(ring::delete);
    registry.delete(key);
  }

  private List<SliCount> scan(String prefix) {
    List<SliCount> out = new ArrayList<>();
    try (KeyValueIterator<String, SliCount> it = ring.prefixScan(prefix, KEYS)) {
      it.forEachRemaining(kv -> out.add(kv.value));
    }
    return out;
  }

  static String minuteSlot(String key, long minuteStart) {
    return key + "|m|" + Math.floorMod(minuteStart / BurnWindows.MINUTE, BurnWindows.MINUTE_SLOTS);
  }

  static String hourSlot(String key, long hourStart) {
    return key + "|h|" + Math.floorMod(hourStart / BurnWindows.HOUR, BurnWindows.HOUR_SLOTS);
  }
}
