package io.obsera.streams.topology;

import io.obsera.model.RecordKeys;
import io.obsera.streams.facts.RedMinute;
import io.obsera.streams.facts.Regions;
import io.obsera.streams.translate.AttributeValues;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Turns a span fragment into RED points keyed by series, pre-aggregated per fragment and minute,
 * timestamped with the span's start (event time) so windows follow when requests happened.
 */
final class RedPoints implements Processor<String, ExportTraceServiceRequest, String, RedMinute> {
  private ProcessorContext<String, RedMinute> context;

  @Override
  public void init(ProcessorContext<String, RedMinute> context) {
    this.context = context;
  }

  @Override
  public void process(Record<String, ExportTraceServiceRequest> record) {
    String tenant = RecordKeys.tenantOf(record.key());
    Map<String, RedMinute> points = new HashMap<>();
    Map<String, Long> times = new HashMap<>();
    for (ResourceSpans rs : record.value().getResourceSpansList()) {
      Map<String, String> resource = AttributeValues.toMap(rs.getResource().getAttributesList());
      String service = resource.getOrDefault("service.name", "");
      String region = Regions.of(resource);
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span s : ss.getSpansList()) {
          long startMillis =
              s.getStartTimeUnixNano() > 0
                  ? s.getStartTimeUnixNano() / 1_000_000
                  : record.timestamp();
          RedMinute point =
              RedMinute.ofSpan(
                  tenant,
                  service,
                  s.getName(),
                  region,
                  Math.max(0, s.getEndTimeUnixNano() - s.getStartTimeUnixNano()),
                  s.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR);
          String key = point.seriesKey() + "@" + startMillis / 60_000;
          points.merge(key, point, RedMinute::add);
          times.putIfAbsent(key, startMillis);
        }
      }
    }
    points.forEach(
        (k, point) ->
            context.forward(
                new Record<>(point.seriesKey(), point, times.get(k), record.headers())));
  }
}
