package io.obsera.ingest.otlp;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.obsera.ingest.pipeline.Signal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds the OTLP requests of the bad-input suite from item descriptions, in protobuf and in
 * OTLP/JSON. Every item carries its marker where the Kafka check finds it: the span name, the log
 * body, the metric description.
 */
final class BadInputItems {
  /** Id lengths: -1 = leave the id out (metrics: no exemplar). */
  record Item(
      String marker,
      int traceIdBytes,
      int spanIdBytes,
      int parentIdBytes,
      int points,
      List<KeyValue> attributes,
      int droppedBefore) {

    /** Whether the ingest keeps this item, by the documented id rules of each signal. */
    boolean valid(Signal signal) {
      return switch (signal) {
        case TRACES -> traceIdBytes == 16 && spanIdBytes == 8 && optional(parentIdBytes, 8);
        case LOGS -> optional(traceIdBytes, 16) && optional(spanIdBytes, 8);
        case METRICS -> optional(traceIdBytes, 16) && optional(spanIdBytes, 8);
      };
    }

    /** Items as the ingest counts them: spans, log records, data points. */
    int count(Signal signal) {
      return signal == Signal.METRICS ? points : 1;
    }

    private static boolean optional(int bytes, int want) {
      return bytes <= 0 || bytes == want;
    }
  }

  private static final Pattern BASE64_ID =
      Pattern.compile("\"(traceId|spanId|parentSpanId)\":\"([A-Za-z0-9+/=]*)\"");
  private static final JsonFormat.Printer JSON =
      JsonFormat.printer().omittingInsignificantWhitespace();

  private final SplittableRandom random;

  BadInputItems(SplittableRandom random) {
    this.random = random;
  }

  /** A valid item (ids of the right length) without extra attributes. */
  Item valid(String marker) {
    return new Item(
        marker, 16, 8, random.nextBoolean() ? 8 : -1, 1 + random.nextInt(3), List.of(), 0);
  }

  Message request(Signal signal, List<Item> items) {
    return switch (signal) {
      case TRACES -> traces(items);
      case LOGS -> logs(items);
      case METRICS -> metrics(items);
    };
  }

  private ExportTraceServiceRequest traces(List<Item> items) {
    ExportTraceServiceRequest.Builder b = ExportTraceServiceRequest.newBuilder();
    for (Item item : items) {
      Span.Builder span =
          Span.newBuilder()
              .setTraceId(id(item.traceIdBytes()))
              .setSpanId(id(item.spanIdBytes()))
              .setParentSpanId(id(item.parentIdBytes()))
              .setName(item.marker())
              .setKind(Span.SpanKind.SPAN_KIND_SERVER)
              .setStartTimeUnixNano(1_700_000_000_000_000_000L)
              .setEndTimeUnixNano(1_700_000_000_100_000_000L)
              .addAllAttributes(item.attributes())
              .setDroppedAttributesCount(item.droppedBefore());
      b.addResourceSpans(
          ResourceSpans.newBuilder()
              .setResource(resource(item))
              .addScopeSpans(ScopeSpans.newBuilder().addSpans(span)));
    }
    return b.build();
  }

  private ExportLogsServiceRequest logs(List<Item> items) {
    ExportLogsServiceRequest.Builder b = ExportLogsServiceRequest.newBuilder();
    for (Item item : items) {
      LogRecord.Builder log =
          LogRecord.newBuilder()
              .setTimeUnixNano(1_700_000_000_000_000_000L)
              .setTraceId(id(item.traceIdBytes()))
              .setSpanId(id(item.spanIdBytes()))
              .setBody(AnyValue.newBuilder().setStringValue(item.marker()))
              .addAllAttributes(item.attributes())
              .setDroppedAttributesCount(item.droppedBefore());
      b.addResourceLogs(
          ResourceLogs.newBuilder()
              .setResource(resource(item))
              .addScopeLogs(ScopeLogs.newBuilder().addLogRecords(log)));
    }
    return b.build();
  }

  /** Metric attributes go on the resource: data points have no dropped count. */
  private ExportMetricsServiceRequest metrics(List<Item> items) {
    ExportMetricsServiceRequest.Builder b = ExportMetricsServiceRequest.newBuilder();
    for (Item item : items) {
      Gauge.Builder gauge = Gauge.newBuilder();
      for (int p = 0; p < item.points(); p++) {
        NumberDataPoint.Builder point =
            NumberDataPoint.newBuilder()
                .setTimeUnixNano(1_700_000_000_000_000_000L + p)
                .setAsDouble(p);
        if (p == 0 && item.traceIdBytes() >= 0) {
          point.addExemplars(
              Exemplar.newBuilder()
                  .setTimeUnixNano(1_700_000_000_000_000_000L)
                  .setAsDouble(1)
                  .setTraceId(id(item.traceIdBytes()))
                  .setSpanId(id(item.spanIdBytes())));
        }
        gauge.addDataPoints(point);
      }
      Metric metric =
          Metric.newBuilder()
              .setName("bad.input.gauge")
              .setDescription(item.marker())
              .setGauge(gauge)
              .build();
      Resource.Builder resource =
          Resource.newBuilder()
              .addAllAttributes(resourceAttributes(item))
              .setDroppedAttributesCount(item.droppedBefore());
      b.addResourceMetrics(
          ResourceMetrics.newBuilder()
              .setResource(resource)
              .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(metric)));
    }
    return b.build();
  }

  /** The attributes of a metric item's resource: its own two, then the item's. */
  static List<KeyValue> resourceAttributes(Item item) {
    List<KeyValue> all = new java.util.ArrayList<>(resource(item).getAttributesList());
    all.addAll(item.attributes());
    return all;
  }

  private static Resource resource(Item item) {
    return Resource.newBuilder()
        .addAttributes(string("service.name", "bad-input"))
        .addAttributes(string("case.marker", item.marker()))
        .build();
  }

  private ByteString id(int bytes) {
    if (bytes <= 0) {
      return ByteString.EMPTY;
    }
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    b[0] = (byte) (b[0] | 1); // never all zero
    return ByteString.copyFrom(b);
  }

  static KeyValue string(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }

  /** An attribute whose value is nested {@code depth} arrays or kvlists deep around a string. */
  static KeyValue nested(String key, int depth, boolean kvlist) {
    AnyValue v = AnyValue.newBuilder().setStringValue("leaf").build();
    for (int i = 0; i < depth; i++) {
      v =
          kvlist
              ? AnyValue.newBuilder()
                  .setKvlistValue(
                      KeyValueList.newBuilder()
                          .addValues(KeyValue.newBuilder().setKey("k" + i).setValue(v)))
                  .build()
              : AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(v)).build();
    }
    return KeyValue.newBuilder().setKey(key).setValue(v).build();
  }

  /** OTLP/JSON: the protobuf JSON mapping with trace and span ids as hex strings. */
  static byte[] json(Message request) {
    String printed;
    try {
      printed = JSON.print(request);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
    Matcher m = BASE64_ID.matcher(printed);
    StringBuilder out = new StringBuilder(printed.length());
    while (m.find()) {
      String hex = HexFormat.of().formatHex(Base64.getDecoder().decode(m.group(2)));
      m.appendReplacement(out, "\"" + m.group(1) + "\":\"" + hex + "\"");
    }
    m.appendTail(out);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** Whether protobuf-java, the reference decoder, reads {@code body} as the signal's request. */
  static boolean decodes(Signal signal, byte[] body) {
    try {
      switch (signal) {
        case TRACES -> ExportTraceServiceRequest.parseFrom(body);
        case LOGS -> ExportLogsServiceRequest.parseFrom(body);
        case METRICS -> ExportMetricsServiceRequest.parseFrom(body);
      }
      return true;
    } catch (InvalidProtocolBufferException e) {
      return false;
    }
  }

  static String messageName(Signal signal) {
    return switch (signal) {
      case TRACES -> "ExportTraceServiceRequest";
      case LOGS -> "ExportLogsServiceRequest";
      case METRICS -> "ExportMetricsServiceRequest";
    };
  }
}
