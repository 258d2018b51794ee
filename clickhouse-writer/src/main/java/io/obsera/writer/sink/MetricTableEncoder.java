package io.obsera.writer.sink;

import io.obsera.model.facts.AttributeValues;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Metric fragments to the exporter's five metric tables: one row per data point, exemplars in the
 * Nested {@code Exemplars} column (trace and span ids as hex).
 */
final class MetricTableEncoder implements TableEncoder {
  private static final HexFormat HEX = HexFormat.of();
  private static final List<String> HEAD =
      List.of(
          "TenantId",
          "ResourceAttributes",
          "ResourceSchemaUrl",
          "ScopeName",
          "ScopeVersion",
          "ScopeAttributes",
          "ScopeDroppedAttrCount",
          "ScopeSchemaUrl",
          "ServiceName",
          "MetricName",
          "MetricDescription",
          "MetricUnit",
          "Attributes",
          "StartTimeUnix",
          "TimeUnix");
  private static final List<String> EXEMPLARS =
      List.of(
          "Exemplars.FilteredAttributes",
          "Exemplars.TimeUnix",
          "Exemplars.Value",
          "Exemplars.SpanId",
          "Exemplars.TraceId");

  static final TableSpec GAUGE = spec("otel_metrics_gauge", List.of("Value", "Flags"), EXEMPLARS);
  static final TableSpec SUM =
      spec(
          "otel_metrics_sum",
          List.of("Value", "Flags"),
          EXEMPLARS,
          List.of("AggregationTemporality", "IsMonotonic"));
  static final TableSpec HISTOGRAM =
      spec(
          "otel_metrics_histogram",
          List.of("Count", "Sum", "BucketCounts", "ExplicitBounds"),
          EXEMPLARS,
          List.of("Flags", "Min", "Max", "AggregationTemporality"));
  static final TableSpec EXP_HISTOGRAM =
      spec(
          "otel_metrics_exponential_histogram",
          List.of(
              "Count",
              "Sum",
              "Scale",
              "ZeroCount",
              "PositiveOffset",
              "PositiveBucketCounts",
              "NegativeOffset",
              "NegativeBucketCounts"),
          EXEMPLARS,
          List.of("Flags", "Min", "Max", "AggregationTemporality"));
  static final TableSpec SUMMARY =
      spec(
          "otel_metrics_summary",
          List.of("Count", "Sum", "ValueAtQuantiles.Quantile", "ValueAtQuantiles.Value", "Flags"));

  static final TableSpec LINKS =
      new TableSpec(
          "exemplar_links",
          List.of(
              "TenantId",
              "ServiceName",
              "MetricName",
              "Attributes",
              "TimeUnix",
              "Value",
              "TraceId",
              "SpanId"));

  @SafeVarargs
  private static TableSpec spec(String name, List<String>... parts) {
    List<String> cols = new ArrayList<>(HEAD);
    for (List<String> p : parts) {
      cols.addAll(p);
    }
    return new TableSpec(name, cols);
  }

  @Override
  public int encode(String tenant, String key, byte[] value, TableOutputs outputs) {
    ExportMetricsServiceRequest req;
    req = RawFragments.parse("metric", value, ExportMetricsServiceRequest::parseFrom);
    int rows = 0;
    for (ResourceMetrics rm : req.getResourceMetricsList()) {
      Map<String, String> resource = AttributeValues.toMap(rm.getResource().getAttributesList());
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        for (Metric m : sm.getMetricsList()) {
          Head head = new Head(tenant, resource, rm.getSchemaUrl(), sm, m);
          rows += rows(head, m, outputs);
        }
      }
    }
    return rows;
  }

  private int rows(Head head, Metric m, TableOutputs outputs) {
    switch (m.getDataCase()) {
      case GAUGE -> {
        for (NumberDataPoint p : m.getGauge().getDataPointsList()) {
          RowBinaryOut out = outputs.table(GAUGE);
          head.write(out, p.getAttributesList(), p.getStartTimeUnixNano(), p.getTimeUnixNano());
          out.float64(number(p)).uint32(p.getFlags());
          exemplars(out, p.getExemplarsList());
          links(outputs, head, p.getAttributesList(), p.getExemplarsList());
        }
        return m.getGauge().getDataPointsCount();
      }
      case SUM -> {
        for (NumberDataPoint p : m.getSum().getDataPointsList()) {
          RowBinaryOut out = outputs.table(SUM);
          head.write(out, p.getAttributesList(), p.getStartTimeUnixNano(), p.getTimeUnixNano());
          out.float64(number(p)).uint32(p.getFlags());
          exemplars(out, p.getExemplarsList());
          links(outputs, head, p.getAttributesList(), p.getExemplarsList());
          out.int32(m.getSum().getAggregationTemporalityValue()).bool(m.getSum().getIsMonotonic());
        }
        return m.getSum().getDataPointsCount();
      }
      case HISTOGRAM -> {
        for (HistogramDataPoint p : m.getHistogram().getDataPointsList()) {
          RowBinaryOut out = outputs.table(HISTOGRAM);
          head.write(out, p.getAttributesList(), p.getStartTimeUnixNano(), p.getTimeUnixNano());
          out.uint64(p.getCount()).float64(p.getSum());
          out.array(p.getBucketCountsList(), out::uint64);
          out.array(p.getExplicitBoundsList(), out::float64);
          exemplars(out, p.getExemplarsList());
          links(outputs, head, p.getAttributesList(), p.getExemplarsList());
          out.uint32(p.getFlags())
              .float64(p.getMin())
              .float64(p.getMax())
              .int32(m.getHistogram().getAggregationTemporalityValue());
        }
        return m.getHistogram().getDataPointsCount();
      }
      case EXPONENTIAL_HISTOGRAM -> {
        for (ExponentialHistogramDataPoint p : m.getExponentialHistogram().getDataPointsList()) {
          RowBinaryOut out = outputs.table(EXP_HISTOGRAM);
          head.write(out, p.getAttributesList(), p.getStartTimeUnixNano(), p.getTimeUnixNano());
          out.uint64(p.getCount())
              .float64(p.getSum())
              .int32(p.getScale())
              .uint64(p.getZeroCount())
              .int32(p.getPositive().getOffset());
          out.array(p.getPositive().getBucketCountsList(), out::uint64);
          out.int32(p.getNegative().getOffset());
          out.array(p.getNegative().getBucketCountsList(), out::uint64);
          exemplars(out, p.getExemplarsList());
          links(outputs, head, p.getAttributesList(), p.getExemplarsList());
          out.uint32(p.getFlags())
              .float64(p.getMin())
              .float64(p.getMax())
              .int32(m.getExponentialHistogram().getAggregationTemporalityValue());
        }
        return m.getExponentialHistogram().getDataPointsCount();
      }
      case SUMMARY -> {
        for (SummaryDataPoint p : m.getSummary().getDataPointsList()) {
          RowBinaryOut out = outputs.table(SUMMARY);
          head.write(out, p.getAttributesList(), p.getStartTimeUnixNano(), p.getTimeUnixNano());
          out.uint64(p.getCount()).float64(p.getSum());
          out.array(p.getQuantileValuesList(), q -> out.float64(q.getQuantile()));
          out.array(p.getQuantileValuesList(), q -> out.float64(q.getValue()));
          out.uint32(p.getFlags());
        }
        return m.getSummary().getDataPointsCount();
      }
      default -> {
        return 0;
      }
    }
  }

  private static double number(NumberDataPoint p) {
    return p.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? p.getAsInt() : p.getAsDouble();
  }

  /** One {@code exemplar_links} row per exemplar that names a trace. */
  private static void links(
      TableOutputs outputs,
      Head head,
      List<io.opentelemetry.proto.common.v1.KeyValue> pointAttributes,
      List<Exemplar> exemplars) {
    for (Exemplar e : exemplars) {
      if (e.getTraceId().isEmpty()) {
        continue;
      }
      outputs
          .table(LINKS)
          .string(head.tenant())
          .string(head.resource().getOrDefault("service.name", ""))
          .string(head.metric().getName())
          .stringMap(AttributeValues.toMap(pointAttributes))
          .dateTime64Nanos(e.getTimeUnixNano())
          .float64(e.getValueCase() == Exemplar.ValueCase.AS_INT ? e.getAsInt() : e.getAsDouble())
          .string(HEX.formatHex(e.getTraceId().toByteArray()))
          .string(HEX.formatHex(e.getSpanId().toByteArray()));
    }
  }

  private static void exemplars(RowBinaryOut out, List<Exemplar> exemplars) {
    out.array(exemplars, e -> out.stringMap(AttributeValues.toMap(e.getFilteredAttributesList())));
    out.array(exemplars, e -> out.dateTime64Nanos(e.getTimeUnixNano()));
    out.array(
        exemplars,
        e ->
            out.float64(
                e.getValueCase() == Exemplar.ValueCase.AS_INT ? e.getAsInt() : e.getAsDouble()));
    out.array(exemplars, e -> out.string(HEX.formatHex(e.getSpanId().toByteArray())));
    out.array(exemplars, e -> out.string(HEX.formatHex(e.getTraceId().toByteArray())));
  }

  /** The columns every metric table starts with. */
  private record Head(
      String tenant,
      Map<String, String> resource,
      String resourceSchemaUrl,
      ScopeMetrics scopeMetrics,
      Metric metric) {

    void write(
        RowBinaryOut out,
        List<io.opentelemetry.proto.common.v1.KeyValue> attributes,
        long startNanos,
        long timeNanos) {
      InstrumentationScope scope = scopeMetrics.getScope();
      out.string(tenant)
          .stringMap(resource)
          .string(resourceSchemaUrl)
          .string(scope.getName())
          .string(scope.getVersion())
          .stringMap(AttributeValues.toMap(scope.getAttributesList()))
          .uint32(scope.getDroppedAttributesCount())
          .string(scopeMetrics.getSchemaUrl())
          .string(resource.getOrDefault("service.name", ""))
          .string(metric.getName())
          .string(metric.getDescription())
          .string(metric.getUnit())
          .stringMap(AttributeValues.toMap(attributes))
          .dateTime64Nanos(startNanos)
          .dateTime64Nanos(timeNanos);
    }
  }
}
