package io.obsera.streams.slo;

import io.obsera.model.RecordKeys;
import io.obsera.model.control.SloDefinition;
import io.obsera.model.facts.AttributeValues;
import io.obsera.model.facts.SliDelta;
import io.obsera.platform.kafka.OnDemandPunctuation;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Counts good and total spans per (tenant, SLO, minute of span start) on each source partition, in
 * a store, and forwards the counts as deltas on a wall-clock punctuation, then clears them. No
 * event-time window: a skewed or idle partition delays nothing and loses nothing. Spans that
 * started more than {@link #MAX_AGE} before or {@link #MAX_AHEAD} after the injected clock's now
 * are ignored (older than any SLO period, or a broken client clock).
 */
final class SliCounter implements Processor<String, ExportTraceServiceRequest, String, SliDelta> {
  private OnDemandPunctuation ticks;
  static final Duration MAX_AGE = Duration.ofDays(35);
  static final Duration MAX_AHEAD = Duration.ofHours(1);

  private final Duration flushInterval;
  private final Clock clock;
  private final AtomicLong ignored;
  private ProcessorContext<String, SliDelta> context;
  private ReadOnlyKeyValueStore<String, SloDefinition> definitions;
  private PendingSliCounts pending;

  SliCounter(Duration flushInterval, Clock clock, AtomicLong ignored) {
    this.flushInterval = flushInterval;
    this.clock = clock;
    this.ignored = ignored;
  }

  @Override
  public void init(ProcessorContext<String, SliDelta> context) {
    this.context = context;
    this.definitions = context.getStateStore(SloTopology.DEFINITIONS_STORE);
    KeyValueStore<String, SliCount> store = context.getStateStore(SloTopology.PENDING_STORE);
    this.pending = new PendingSliCounts(store, definitions);
    ticks = pending.flushing(context, flushInterval);
  }

  /** Whether an event at {@code millis} is counted at {@code now} (see the class comment). */
  static boolean countable(long millis, long now) {
    return millis >= now - MAX_AGE.toMillis() && millis <= now + MAX_AHEAD.toMillis();
  }

  @Override
  public void process(Record<String, ExportTraceServiceRequest> record) {
    ticks.start();
    String tenant = RecordKeys.tenantOf(record.key());
    List<SloDefinition> slos = pending.slosOf(tenant);
    if (slos.isEmpty()) {
      return;
    }
    long now = clock.millis();
    Map<String, long[]> counts = new HashMap<>();
    for (ResourceSpans rs : record.value().getResourceSpansList()) {
      String service =
          AttributeValues.toMap(rs.getResource().getAttributesList())
              .getOrDefault("service.name", "");
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span span : ss.getSpansList()) {
          long start =
              span.getStartTimeUnixNano() > 0
                  ? span.getStartTimeUnixNano() / 1_000_000
                  : record.timestamp();
          if (!countable(start, now)) {
            ignored.incrementAndGet();
            continue;
          }
          long minute = BurnWindows.minuteOf(start);
          for (SloDefinition slo : slos) {
            if (SloSpans.matches(slo, service, span)) {
              long[] c = counts.computeIfAbsent(slo.key() + "|" + minute, k -> new long[3]);
              c[0] = minute;
              c[1] += SloSpans.good(slo, span) ? 1 : 0;
              c[2]++;
            }
          }
        }
      }
    }
    counts.forEach(this::add);
  }

  private void add(String key, long[] c) {
    pending.add(definitions.get(key.substring(0, key.lastIndexOf('|'))), c[0], c[1], c[2]);
  }
}
