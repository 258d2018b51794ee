package io.obsera.streams.topology;

import io.obsera.model.RecordKeys;
import io.obsera.model.Regions;
import io.obsera.model.facts.AttributeValues;
import io.obsera.model.facts.RedMinute;
import io.obsera.platform.kafka.OnDemandPunctuation;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * RED rollups per source partition: each span is added to its series' minute (the minute of the
 * span's start) in a changelogged store; a wall-clock punctuation emits every minute that ended
 * more than {@code grace} ago and removes it from the store.
 *
 * <p>No repartition and no event-time window: a window on a repartitioned stream closes on the
 * stream time of whichever partition is ahead, so a lagging partition's spans were dropped as late.
 * Here a late span only opens a fresh entry for its minute, emitted at the next punctuation as one
 * more row for that minute; rows of a series and minute add up downstream ({@code red_minute} is
 * queried with {@code sum}/{@code sumForEach}). Minutes also close when traffic stops, because the
 * punctuation runs on wall-clock time.
 */
final class RedRollup implements Processor<String, ExportTraceServiceRequest, String, RedMinute> {
  private OnDemandPunctuation ticks;
  private static final long MINUTE = 60_000;

  private final String storeName;
  private final Duration grace;
  private ProcessorContext<String, RedMinute> context;
  private KeyValueStore<String, RedMinute> open;

  RedRollup(String storeName, Duration grace) {
    this.storeName = storeName;
    this.grace = grace;
  }

  /**
   * How often the punctuation looks for closed minutes: often enough for the grace, at most 5 s.
   */
  static Duration punctuationInterval(Duration grace) {
    long millis = Math.max(100, Math.min(grace.toMillis(), 5_000));
    return Duration.ofMillis(millis);
  }

  @Override
  public void init(ProcessorContext<String, RedMinute> context) {
    this.context = context;
    this.open = context.getStateStore(storeName);
    // runs while minutes are open: an idle application commits no transaction
    ticks =
        new OnDemandPunctuation(
            context,
            punctuationInterval(grace),
            now -> {
              emitClosed(now);
              return OnDemandPunctuation.holdsAny(open);
            });
    if (OnDemandPunctuation.holdsAny(open)) {
      ticks.start();
    }
  }

  @Override
  public void process(Record<String, ExportTraceServiceRequest> record) {
    ticks.start();
    String tenant = RecordKeys.tenantOf(record.key());
    for (ResourceSpans rs : record.value().getResourceSpansList()) {
      Map<String, String> resource = AttributeValues.toMap(rs.getResource().getAttributesList());
      String service = resource.getOrDefault("service.name", "");
      String region = Regions.of(resource);
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span s : ss.getSpansList()) {
          add(tenant, service, region, s, record.timestamp());
        }
      }
    }
  }

  private void add(String tenant, String service, String region, Span s, long recordTimestamp) {
    long startMillis =
        s.getStartTimeUnixNano() > 0 ? s.getStartTimeUnixNano() / 1_000_000 : recordTimestamp;
    long minute = Math.floorDiv(startMillis, MINUTE) * MINUTE;
    RedMinute point =
        RedMinute.ofSpan(
                tenant,
                service,
                s.getName(),
                region,
                Math.max(0, s.getEndTimeUnixNano() - s.getStartTimeUnixNano()),
                s.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR)
            .atMinute(minute);
    String key = point.seriesKey() + "@" + minute;
    RedMinute sofar = open.get(key);
    open.put(key, sofar == null ? point : sofar.add(point));
  }

  /** Emits and forgets every minute that ended at least {@code grace} before {@code now}. */
  private void emitClosed(long now) {
    List<KeyValue<String, RedMinute>> closed = new ArrayList<>();
    try (KeyValueIterator<String, RedMinute> it = open.all()) {
      while (it.hasNext()) {
        KeyValue<String, RedMinute> e = it.next();
        if (e.value.minuteStartMillis() + MINUTE + grace.toMillis() <= now) {
          closed.add(e);
        }
      }
    }
    for (KeyValue<String, RedMinute> e : closed) {
      context.forward(new Record<>(e.value.seriesKey(), e.value, e.value.minuteStartMillis()));
      open.delete(e.key);
    }
  }
}
