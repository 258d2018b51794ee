package io.obsera.alert.evaluate;

import io.obsera.model.control.AlertRule;
import io.obsera.model.control.AlertRuleKind;
import io.obsera.model.control.AlertSignal;
import io.obsera.model.facts.RedMinute;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Matches data with the threshold and no-data rules of its tenant and turns it into {@link
 * Sample}s, one per rule and group.
 *
 * <ul>
 *   <li>RED minutes feed ERROR_RATE, LATENCY and REQUEST_RATE rules of their service; filters and
 *       groupBy see the dimensions {@code service}, {@code operation} and {@code region} (RED
 *       rollups carry no other attributes, so a rule filtering on another attribute gets none).
 *   <li>Gauge and sum data points feed METRIC rules of their metric name; {@code service} is the
 *       resource's {@code service.name}, {@code region} its {@code obsera.probe.region} or {@code
 *       cloud.region} (else {@code unknown}, as for RED), other keys the point's attributes, then
 *       the resource's.
 * </ul>
 */
final class SampleMatcher {
  private SampleMatcher() {}

  static boolean watchesRed(AlertRule r) {
    return evaluates(r) && r.signal() != AlertSignal.METRIC;
  }

  static boolean watchesMetric(AlertRule r, String metricName) {
    return evaluates(r) && r.signal() == AlertSignal.METRIC && r.metric().equals(metricName);
  }

  /** An enabled threshold or no-data rule. */
  static boolean evaluates(AlertRule r) {
    return (r.kind() == AlertRuleKind.THRESHOLD || r.kind() == AlertRuleKind.NO_DATA)
        && r.isEnabled()
        && r.signal() != null;
  }

  static List<Sample> ofRed(List<AlertRule> rules, RedMinute red) {
    Map<String, String> dims = new HashMap<>();
    dims.put("service", red.service());
    dims.put("operation", red.operation());
    dims.put("region", red.region());
    List<Sample> out = new ArrayList<>();
    for (AlertRule r : rules) {
      if (watchesRed(r) && red.service().equals(r.service()) && matches(r, dims, Map.of())) {
        out.add(
            new Sample(
                r.tenantId(),
                r.id(),
                group(r, dims, Map.of()),
                red.minuteStartMillis(),
                red.count(),
                red.errors(),
                r.signal() == AlertSignal.LATENCY ? red.buckets() : null, // only LATENCY reads them
                null));
      }
    }
    return out;
  }

  static List<Sample> ofMetrics(
      List<AlertRule> rules, String tenant, ExportMetricsServiceRequest req) {
    List<Sample> out = new ArrayList<>();
    for (ResourceMetrics rm : req.getResourceMetricsList()) {
      Map<String, String> resource = text(rm.getResource().getAttributesList());
      Map<String, String> dims = new HashMap<>();
      dims.put("service", resource.getOrDefault("service.name", ""));
      dims.put("region", region(resource));
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        for (Metric m : sm.getMetricsList()) {
          List<NumberDataPoint> points =
              switch (m.getDataCase()) {
                case GAUGE -> m.getGauge().getDataPointsList();
                case SUM -> m.getSum().getDataPointsList();
                default -> List.of();
              };
          for (AlertRule r : rules) {
            if (!points.isEmpty() && watchesMetric(r, m.getName())) {
              for (NumberDataPoint p : points) {
                Map<String, String> attrs = text(p.getAttributesList());
                attrs.putAll(dims);
                if (matches(r, attrs, resource)) {
                  out.add(point(tenant, r, group(r, attrs, resource), p));
                }
              }
            }
          }
        }
      }
    }
    return out;
  }

  private static Sample point(
      String tenant, AlertRule r, Map<String, String> group, NumberDataPoint p) {
    double v =
        p.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? p.getAsInt() : p.getAsDouble();
    return new Sample(tenant, r.id(), group, p.getTimeUnixNano() / 1_000_000, 1, 0, null, v);
  }

  /** The rule's service, region and attribute filters; a dimension absent from both is "". */
  private static boolean matches(
      AlertRule r, Map<String, String> dims, Map<String, String> resource) {
    if (r.service() != null && !r.service().equals(dims.get("service"))) {
      return false;
    }
    if (r.operation() != null && !r.operation().equals(dims.getOrDefault("operation", ""))) {
      return false;
    }
    if (r.region() != null && !r.region().equals(dims.get("region"))) {
      return false;
    }
    if (r.attributes() != null) {
      for (Map.Entry<String, String> e : r.attributes().entrySet()) {
        if (!e.getValue().equals(value(e.getKey(), dims, resource))) {
          return false;
        }
      }
    }
    return true;
  }

  private static Map<String, String> group(
      AlertRule r, Map<String, String> dims, Map<String, String> resource) {
    Map<String, String> group = new LinkedHashMap<>();
    if (r.groupBy() != null) {
      for (String key : r.groupBy()) {
        String v = value(key, dims, resource);
        group.put(key, v == null ? "" : v);
      }
    }
    return group;
  }

  private static String value(String key, Map<String, String> dims, Map<String, String> resource) {
    String v = dims.get(key);
    return v != null ? v : resource.get(key);
  }

  private static String region(Map<String, String> resource) {
    for (String key : List.of("obsera.probe.region", "cloud.region")) {
      String v = resource.get(key);
      if (v != null && !v.isBlank()) {
        return v;
      }
    }
    return "unknown";
  }

  /** Scalar attributes as text; arrays, maps and bytes are left out (filters compare text). */
  private static Map<String, String> text(List<KeyValue> attributes) {
    Map<String, String> out = new HashMap<>();
    for (KeyValue kv : attributes) {
      AnyValue v = kv.getValue();
      switch (v.getValueCase()) {
        case STRING_VALUE -> out.put(kv.getKey(), v.getStringValue());
        case BOOL_VALUE -> out.put(kv.getKey(), Boolean.toString(v.getBoolValue()));
        case INT_VALUE -> out.put(kv.getKey(), Long.toString(v.getIntValue()));
        case DOUBLE_VALUE -> out.put(kv.getKey(), Double.toString(v.getDoubleValue()));
        default -> {}
      }
    }
    return out;
  }
}
