package io.obsera.writer.translate;

import io.obsera.model.facts.AttributeValues;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** OTLP spans to {@code otel_traces} rows, with the exporter's string forms. Pure function. */
public final class OtlpSpanTranslator {
  private static final HexFormat HEX = HexFormat.of();

  private OtlpSpanTranslator() {}

  public static List<SpanRow> toRows(String tenant, ExportTraceServiceRequest request) {
    List<SpanRow> rows = new ArrayList<>();
    for (ResourceSpans rs : request.getResourceSpansList()) {
      Map<String, String> resource = AttributeValues.toMap(rs.getResource().getAttributesList());
      String service = resource.getOrDefault("service.name", "");
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span s : ss.getSpansList()) {
          rows.add(
              new SpanRow(
                  tenant,
                  s.getStartTimeUnixNano(),
                  HEX.formatHex(s.getTraceId().toByteArray()),
                  HEX.formatHex(s.getSpanId().toByteArray()),
                  HEX.formatHex(s.getParentSpanId().toByteArray()),
                  s.getTraceState(),
                  s.getName(),
                  spanKind(s.getKind()),
                  service,
                  resource,
                  ss.getScope().getName(),
                  ss.getScope().getVersion(),
                  AttributeValues.toMap(s.getAttributesList()),
                  Math.max(0, s.getEndTimeUnixNano() - s.getStartTimeUnixNano()),
                  statusCode(s.getStatus().getCode()),
                  s.getStatus().getMessage(),
                  s.getEventsList().stream()
                      .map(
                          e ->
                              new SpanRow.Event(
                                  e.getTimeUnixNano(),
                                  e.getName(),
                                  AttributeValues.toMap(e.getAttributesList())))
                      .toList(),
                  s.getLinksList().stream()
                      .map(
                          l ->
                              new SpanRow.Link(
                                  HEX.formatHex(l.getTraceId().toByteArray()),
                                  HEX.formatHex(l.getSpanId().toByteArray()),
                                  l.getTraceState(),
                                  AttributeValues.toMap(l.getAttributesList())))
                      .toList()));
        }
      }
    }
    return rows;
  }

  static String spanKind(Span.SpanKind kind) {
    return switch (kind) {
      case SPAN_KIND_INTERNAL -> "Internal";
      case SPAN_KIND_SERVER -> "Server";
      case SPAN_KIND_CLIENT -> "Client";
      case SPAN_KIND_PRODUCER -> "Producer";
      case SPAN_KIND_CONSUMER -> "Consumer";
      default -> "Unspecified";
    };
  }

  static String statusCode(Status.StatusCode code) {
    return switch (code) {
      case STATUS_CODE_OK -> "Ok";
      case STATUS_CODE_ERROR -> "Error";
      default -> "Unset";
    };
  }
}
