package io.obsera.bench.query;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A day of traffic of twelve services in four regions, generated deterministically from the request
 * index so that any part can be regenerated (the trace ids of trace {@code t} are {@link
 * #traceId}). Request {@code i} holds traces {@code 50 i .. 50 i + 49} of one service and region,
 * spread evenly over the 24 hours before the anchor in index order: 10 spans each (a server root,
 * six calls, three database queries), two log lines per trace with its context, and one delta
 * histogram point of {@link #METRIC} for the request's time span with the two slowest roots as
 * exemplars.
 *
 * <p>The spike: roots of {@link #SPIKE_SERVICE} in {@link #SPIKE_REGION} that start in the spike
 * window take 2-4 s and fail 30% of the time, with ERROR logs; the correlation query over that
 * window must put their exemplars first.
 */
final class QueryWorkload {
  static final int TRACES_PER_REQUEST = 50;
  static final int SPANS_PER_TRACE = 10;
  static final int SPANS_PER_REQUEST = TRACES_PER_REQUEST * SPANS_PER_TRACE;
  static final int LOGS_PER_TRACE = 2;
  static final String METRIC = "http.server.request.duration";
  static final String[] SERVICES = {
    "frontend", "checkout", "cart", "payment", "inventory", "shipping",
    "search", "catalog", "auth", "recommend", "email", "ads"
  };
  static final String[] REGIONS = {"eu-west", "us-east", "ap-south", "sa-east"};
  static final String[] ROUTES = {"/api/cart", "/api/checkout", "/api/items/{id}", "/api/search"};
  static final String SPIKE_SERVICE = "checkout";
  static final String SPIKE_REGION = "eu-west";
  static final long DAY_NANOS = 86_400_000_000_000L;

  private static final double[] BOUNDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

  private final long anchorNanos;
  private final long traces;

  /**
   * @param anchorNanos the end of the generated day (Unix nanoseconds)
   * @param requests how many requests make the day
   */
  QueryWorkload(long anchorNanos, int requests) {
    this.anchorNanos = anchorNanos;
    this.traces = (long) requests * TRACES_PER_REQUEST;
  }

  long dayStartNanos() {
    return anchorNanos - DAY_NANOS;
  }

  long anchorNanos() {
    return anchorNanos;
  }

  /** The spike: 15 minutes starting three hours before the anchor. */
  long spikeFromNanos() {
    return anchorNanos - 3 * 3_600_000_000_000L;
  }

  long spikeToNanos() {
    return spikeFromNanos() + 15 * 60_000_000_000L;
  }

  long traceStartNanos(long trace) {
    return dayStartNanos() + (long) ((double) trace * DAY_NANOS / traces);
  }

  static String service(int request) {
    return SERVICES[request % SERVICES.length];
  }

  static String region(int request) {
    return REGIONS[(request / SERVICES.length) % REGIONS.length];
  }

  /** The trace id of trace {@code t}: 16 bytes derived from {@code t}, never zero. */
  static byte[] traceId(long t) {
    long a = mix(t * 2 + 1);
    return ByteBuffer.allocate(16).putLong(a | 1L << 62).putLong(mix(a ^ t)).array();
  }

  static String traceIdHex(long t) {
    StringBuilder sb = new StringBuilder(32);
    for (byte b : traceId(t)) {
      sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return sb.toString();
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  boolean spiking(int request, long startNanos) {
    return service(request).equals(SPIKE_SERVICE)
        && region(request).equals(SPIKE_REGION)
        && startNanos >= spikeFromNanos()
        && startNanos < spikeToNanos();
  }

  /** The three export requests (spans, logs, metrics) of request {@code i}. */
  Batch batch(int i) {
    SplittableRandom random = new SplittableRandom(mix(i + 0x5eedL));
    String service = service(i);
    Resource resource =
        Resource.newBuilder()
            .addAttributes(str("service.name", service))
            .addAttributes(str("service.version", "2.3." + (i % 7)))
            .addAttributes(str("cloud.region", region(i)))
            .addAttributes(str("host.name", service + "-" + region(i) + "-" + (i % 5)))
            .build();
    ScopeSpans.Builder spans = ScopeSpans.newBuilder().setScope(scope());
    ScopeLogs.Builder logs = ScopeLogs.newBuilder().setScope(scope());
    long[] counts = new long[BOUNDS.length + 1];
    double sum = 0;
    List<Exemplar> slowest = new ArrayList<>();
    long first = Long.MAX_VALUE;
    long last = 0;
    for (int k = 0; k < TRACES_PER_REQUEST; k++) {
      long t = (long) i * TRACES_PER_REQUEST + k;
      long start = traceStartNanos(t);
      boolean spike = spiking(i, start);
      ByteString traceId = ByteString.copyFrom(traceId(t));
      ByteString rootId = ByteString.copyFrom(spanId(random));
      long rootDuration =
          spike ? 2_000_000_000L + random.nextLong(2_000_000_000L) : rootDuration(random);
      boolean error = random.nextInt(1000) < (spike ? 300 : 15);
      String route = ROUTES[random.nextInt(ROUTES.length)];
      Span.Builder root =
          Span.newBuilder()
              .setTraceId(traceId)
              .setSpanId(rootId)
              .setName("GET " + route)
              .setKind(Span.SpanKind.SPAN_KIND_SERVER)
              .setStartTimeUnixNano(start)
              .setEndTimeUnixNano(start + rootDuration)
              .addAttributes(str("http.request.method", "GET"))
              .addAttributes(str("http.route", route))
              .addAttributes(num("http.response.status_code", error ? 500 : 200));
      if (error) {
        root.setStatus(
            Status.newBuilder()
                .setCode(Status.StatusCode.STATUS_CODE_ERROR)
                .setMessage(spike ? "payment gateway timeout" : "upstream reset"));
      }
      spans.addSpans(root);
      for (int c = 1; c < SPANS_PER_TRACE; c++) {
        boolean db = c > 6;
        long childStart = start + rootDuration * c / (SPANS_PER_TRACE + 1);
        long childDuration = rootDuration / (SPANS_PER_TRACE + 2);
        Span.Builder child =
            Span.newBuilder()
                .setTraceId(traceId)
                .setSpanId(ByteString.copyFrom(spanId(random)))
                .setParentSpanId(rootId)
                .setName(db ? "SELECT shop.items" : "POST /internal/" + SERVICES[c])
                .setKind(db ? Span.SpanKind.SPAN_KIND_CLIENT : Span.SpanKind.SPAN_KIND_INTERNAL)
                .setStartTimeUnixNano(childStart)
                .setEndTimeUnixNano(childStart + childDuration);
        if (db) {
          child
              .addAttributes(str("db.system", "postgresql"))
              .addAttributes(str("db.statement", "SELECT id, sku FROM items WHERE sku = $1"));
        }
        spans.addSpans(child);
      }
      logs.addLogRecords(
          log(
              start + rootDuration / 3,
              traceId,
              rootId,
              SeverityNumber.SEVERITY_NUMBER_INFO,
              "INFO",
              "handled GET " + route + " for user " + random.nextInt(100_000)));
      logs.addLogRecords(
          error
              ? log(
                  start + rootDuration,
                  traceId,
                  rootId,
                  SeverityNumber.SEVERITY_NUMBER_ERROR,
                  "ERROR",
                  spike ? "payment gateway timeout after 3000 ms" : "upstream reset")
              : log(
                  start + rootDuration,
                  traceId,
                  rootId,
                  SeverityNumber.SEVERITY_NUMBER_DEBUG,
                  "DEBUG",
                  "cache hit ratio " + random.nextInt(100) + "%"));
      double seconds = rootDuration / 1e9;
      counts[bucket(seconds)]++;
      sum += seconds;
      slowest.add(
          Exemplar.newBuilder()
              .setTimeUnixNano(start + rootDuration)
              .setAsDouble(seconds)
              .setTraceId(traceId)
              .setSpanId(rootId)
              .build());
      first = Math.min(first, start);
      last = Math.max(last, start + rootDuration);
    }
    slowest.sort((a, b) -> Double.compare(b.getAsDouble(), a.getAsDouble()));
    HistogramDataPoint.Builder point =
        HistogramDataPoint.newBuilder()
            .setStartTimeUnixNano(first)
            .setTimeUnixNano(last)
            .setCount(TRACES_PER_REQUEST)
            .setSum(sum)
            .addAttributes(str("http.request.method", "GET"))
            .addAllExemplars(slowest.subList(0, 2));
    for (double b : BOUNDS) {
      point.addExplicitBounds(b);
    }
    for (long c : counts) {
      point.addBucketCounts(c);
    }
    Metric metric =
        Metric.newBuilder()
            .setName(METRIC)
            .setUnit("s")
            .setDescription("Duration of HTTP server requests.")
            .setHistogram(
                Histogram.newBuilder()
                    .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                    .addDataPoints(point))
            .build();
    return new Batch(
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(ResourceSpans.newBuilder().setResource(resource).addScopeSpans(spans))
            .build()
            .toByteArray(),
        ExportLogsServiceRequest.newBuilder()
            .addResourceLogs(ResourceLogs.newBuilder().setResource(resource).addScopeLogs(logs))
            .build()
            .toByteArray(),
        ExportMetricsServiceRequest.newBuilder()
            .addResourceMetrics(
                ResourceMetrics.newBuilder()
                    .setResource(resource)
                    .addScopeMetrics(
                        ScopeMetrics.newBuilder().setScope(scope()).addMetrics(metric)))
            .build()
            .toByteArray());
  }

  /** Encoded export requests of one batch. */
  record Batch(byte[] spans, byte[] logs, byte[] metrics) {}

  /** Mostly 20-120 ms, a tail to 1.5 s. */
  private static long rootDuration(SplittableRandom random) {
    int p = random.nextInt(1000);
    long ms =
        p < 900
            ? 20 + random.nextInt(100)
            : p < 990 ? 120 + random.nextInt(400) : 500 + random.nextInt(1000);
    return ms * 1_000_000L + random.nextInt(1_000_000);
  }

  private static int bucket(double v) {
    for (int b = 0; b < BOUNDS.length; b++) {
      if (v <= BOUNDS[b]) {
        return b;
      }
    }
    return BOUNDS.length;
  }

  private static LogRecord log(
      long time,
      ByteString traceId,
      ByteString spanId,
      SeverityNumber sev,
      String text,
      String body) {
    return LogRecord.newBuilder()
        .setTimeUnixNano(time)
        .setObservedTimeUnixNano(time)
        .setSeverityNumber(sev)
        .setSeverityText(text)
        .setBody(AnyValue.newBuilder().setStringValue(body))
        .setTraceId(traceId)
        .setSpanId(spanId)
        .addAttributes(str("code.namespace", "com.shop.web.RequestHandler"))
        .build();
  }

  private static byte[] spanId(SplittableRandom random) {
    long v = random.nextLong() | 1L;
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  private static InstrumentationScope scope() {
    return InstrumentationScope.newBuilder()
        .setName("io.opentelemetry.javaagent")
        .setVersion("2.9.0")
        .build();
  }

  private static KeyValue str(String k, String v) {
    return KeyValue.newBuilder()
        .setKey(k)
        .setValue(AnyValue.newBuilder().setStringValue(v))
        .build();
  }

  private static KeyValue num(String k, long v) {
    return KeyValue.newBuilder().setKey(k).setValue(AnyValue.newBuilder().setIntValue(v)).build();
  }
}
