package io.obsera.standalone;

import io.obsera.model.RecordHeaders;
import io.obsera.model.Topics;
import io.obsera.model.probe.ProbeAttributes;
import io.obsera.testing.TestKafka;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What of a tenant's probe results landed in the raw OTLP topics (committed records only): spans
 * with their resource attributes, and gauge points per metric name.
 */
public record ProbeLanding(List<LandedSpan> spans, Map<String, Integer> points) {

  /** A span as stored, with the resource attributes it came with. */
  public record LandedSpan(Span span, Map<String, String> resource) {
    public String traceId() {
      return HexFormat.of().formatHex(span.getTraceId().toByteArray());
    }

    public String attribute(String key) {
      return span.getAttributesList().stream()
          .filter(kv -> kv.getKey().equals(key))
          .map(kv -> kv.getValue().getStringValue())
          .findFirst()
          .orElse(null);
    }
  }

  public static ProbeLanding read(String bootstrap, String tenant) throws Exception {
    List<LandedSpan> spans = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : TestKafka.readAll(bootstrap, Topics.OTLP_SPANS, true)) {
      if (!ofTenant(r, tenant)) {
        continue;
      }
      for (var rs : ExportTraceServiceRequest.parseFrom(r.value()).getResourceSpansList()) {
        Map<String, String> resource = strings(rs.getResource().getAttributesList());
        if (!ProbeAttributes.SERVICE_NAME.equals(resource.get("service.name"))) {
          continue;
        }
        rs.getScopeSpansList()
            .forEach(ss -> ss.getSpansList().forEach(s -> spans.add(new LandedSpan(s, resource))));
      }
    }
    Map<String, Integer> points = new HashMap<>();
    for (ConsumerRecord<String, byte[]> r :
        TestKafka.readAll(bootstrap, Topics.OTLP_METRICS, true)) {
      if (!ofTenant(r, tenant)) {
        continue;
      }
      for (var rm : ExportMetricsServiceRequest.parseFrom(r.value()).getResourceMetricsList()) {
        for (var sm : rm.getScopeMetricsList()) {
          sm.getMetricsList()
              .forEach(
                  m -> points.merge(m.getName(), m.getGauge().getDataPointsCount(), Integer::sum));
        }
      }
    }
    return new ProbeLanding(spans, points);
  }

  /** How many times each trace id landed. */
  public Map<String, Integer> traceIdCounts() {
    Map<String, Integer> counts = new HashMap<>();
    spans.forEach(s -> counts.merge(s.traceId(), 1, Integer::sum));
    return counts;
  }

  private static boolean ofTenant(ConsumerRecord<String, byte[]> r, String tenant) {
    return RecordHeaders.read(r.headers(), RecordHeaders.TENANT).filter(tenant::equals).isPresent();
  }

  private static Map<String, String> strings(List<KeyValue> kvs) {
    Map<String, String> m = new HashMap<>();
    kvs.forEach(kv -> m.put(kv.getKey(), kv.getValue().getStringValue()));
    return m;
  }
}
