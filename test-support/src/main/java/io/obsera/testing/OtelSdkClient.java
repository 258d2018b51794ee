package io.obsera.testing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.logs.OtlpHttpLogRecordExporter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.logs.SdkLoggerProvider;
import io.opentelemetry.sdk.logs.data.LogRecordData;
import io.opentelemetry.sdk.logs.export.BatchLogRecordProcessor;
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.Aggregation;
import io.opentelemetry.sdk.metrics.InstrumentSelector;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.View;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.MetricDataType;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A real OpenTelemetry Java SDK pointed at Obsera's OTLP/HTTP endpoint with an API key, as an
 * application would configure it. Counts export successes and failures so tests can assert on what
 * the exporter saw.
 */
public final class OtelSdkClient implements AutoCloseable {
  private static final int BATCH_QUEUE = 1 << 18;

  private final SdkTracerProvider tracerProvider;
  private final SdkLoggerProvider loggerProvider;
  private final SdkMeterProvider meterProvider;
  private final AtomicInteger exportsOk = new AtomicInteger();
  private final AtomicInteger exportsFailed = new AtomicInteger();
  private final LongAdder exportedSpans = new LongAdder();
  private final LongAdder exportedLogs = new LongAdder();
  private final Map<MetricDataType, LongAdder> exportedPoints = new ConcurrentHashMap<>();

  public OtelSdkClient(String otlpBaseUrl, String apiKey, String serviceName) {
    this(otlpBaseUrl, apiKey, serviceName, Attributes.empty());
  }

  /** As above, with more resource attributes (e.g. {@code cloud.region}). */
  public OtelSdkClient(
      String otlpBaseUrl, String apiKey, String serviceName, Attributes resourceAttributes) {
    this(
        new HttpExporters(otlpBaseUrl, apiKey, Duration.ofSeconds(10)),
        serviceName,
        false,
        resourceAttributes);
  }

  /**
   * An SDK with the given exporters (e.g. the OTLP/gRPC ones, or HTTP ones trusting a test
   * certificate); the client shuts them down on {@link #close()}.
   */
  public OtelSdkClient(
      SpanExporter spans, LogRecordExporter logs, MetricExporter metrics, String serviceName) {
    this(spans, logs, metrics, serviceName, false, Attributes.empty());
  }

  /**
   * An SDK as a busy application configures it: batch span and log processors (512 items per
   * export, queues large enough that nothing is dropped), and histograms named {@code
   * *.exponential} aggregated as base-2 exponential histograms. For load tests: count what was
   * accepted with {@link #exportedSpans()}, {@link #exportedLogs()} and {@link
   * #exportedPoints(MetricDataType)}.
   */
  public static OtelSdkClient batching(String otlpBaseUrl, String apiKey, String serviceName) {
    return new OtelSdkClient(
        new HttpExporters(otlpBaseUrl, apiKey, Duration.ofSeconds(30)),
        serviceName,
        true,
        Attributes.empty());
  }

  private OtelSdkClient(
      HttpExporters http, String serviceName, boolean batching, Attributes resourceAttributes) {
    this(http.spans(), http.logs(), http.metrics(), serviceName, batching, resourceAttributes);
  }

  /** The three OTLP/HTTP exporters of one endpoint and key. */
  private record HttpExporters(String otlpBaseUrl, String apiKey, Duration timeout) {
    SpanExporter spans() {
      return OtlpHttpSpanExporter.builder()
          .setEndpoint(otlpBaseUrl + "/v1/traces")
          .addHeader("Authorization", "Bearer " + apiKey)
          .setTimeout(timeout)
          .build();
    }

    LogRecordExporter logs() {
      return OtlpHttpLogRecordExporter.builder()
          .setEndpoint(otlpBaseUrl + "/v1/logs")
          .addHeader("Authorization", "Bearer " + apiKey)
          .setTimeout(timeout)
          .build();
    }

    MetricExporter metrics() {
      return OtlpHttpMetricExporter.builder()
          .setEndpoint(otlpBaseUrl + "/v1/metrics")
          .addHeader("Authorization", "Bearer " + apiKey)
          .setTimeout(timeout)
          .build();
    }
  }

  private OtelSdkClient(
      SpanExporter spans,
      LogRecordExporter logs,
      MetricExporter metrics,
      String serviceName,
      boolean batching,
      Attributes resourceAttributes) {
    Resource resource =
        Resource.getDefault()
            .merge(Resource.create(resourceAttributes))
            .merge(
                Resource.create(
                    Attributes.of(AttributeKey.stringKey("service.name"), serviceName)));
    meterProvider =
        SdkMeterProvider.builder()
            .setResource(resource)
            .registerView(
                InstrumentSelector.builder()
                    .setType(InstrumentType.HISTOGRAM)
                    .setName("*.exponential")
                    .build(),
                View.builder()
                    .setAggregation(Aggregation.base2ExponentialBucketHistogram())
                    .build())
            .registerMetricReader(
                PeriodicMetricReader.builder(new CountingMetricExporter(metrics))
                    .setInterval(Duration.ofHours(1))
                    .build())
            .build();
    SpanExporter spanExporter = new CountingSpanExporter(spans);
    LogRecordExporter logExporter = new CountingLogExporter(logs);
    tracerProvider =
        SdkTracerProvider.builder()
            .setResource(resource)
            .addSpanProcessor(
                batching
                    ? BatchSpanProcessor.builder(spanExporter)
                        .setMaxQueueSize(BATCH_QUEUE)
                        .setMaxExportBatchSize(512)
                        .setScheduleDelay(Duration.ofMillis(100))
                        .build()
                    : SimpleSpanProcessor.create(spanExporter))
            .build();
    loggerProvider =
        SdkLoggerProvider.builder()
            .setResource(resource)
            .addLogRecordProcessor(
                batching
                    ? BatchLogRecordProcessor.builder(logExporter)
                        .setMaxQueueSize(BATCH_QUEUE)
                        .setMaxExportBatchSize(512)
                        .setScheduleDelay(Duration.ofMillis(100))
                        .build()
                    : SimpleLogRecordProcessor.create(logExporter))
            .build();
  }

  public Tracer tracer() {
    return tracerProvider.get("obsera-tests");
  }

  public Meter meter() {
    return meterProvider.get("obsera-tests");
  }

  public Logger logger() {
    return loggerProvider.get("obsera-tests");
  }

  /** Waits until every export started so far finished; true when all of them succeeded. */
  public boolean flush() {
    return flush(Duration.ofSeconds(20));
  }

  /** The same, waiting up to {@code timeout} for each signal (long loads queue many exports). */
  public boolean flush(Duration timeout) {
    long ms = timeout.toMillis();
    CompletableResultCode t = tracerProvider.forceFlush().join(ms, TimeUnit.MILLISECONDS);
    CompletableResultCode l = loggerProvider.forceFlush().join(ms, TimeUnit.MILLISECONDS);
    CompletableResultCode m = meterProvider.forceFlush().join(ms, TimeUnit.MILLISECONDS);
    return t.isSuccess() && l.isSuccess() && m.isSuccess() && exportsFailed.get() == 0;
  }

  public int exportsOk() {
    return exportsOk.get();
  }

  public int exportsFailed() {
    return exportsFailed.get();
  }

  /** Spans in exports the server accepted. */
  public long exportedSpans() {
    return exportedSpans.sum();
  }

  /** Log records in exports the server accepted. */
  public long exportedLogs() {
    return exportedLogs.sum();
  }

  /** Data points of metrics of this type in exports the server accepted. */
  public long exportedPoints(MetricDataType type) {
    LongAdder n = exportedPoints.get(type);
    return n == null ? 0 : n.sum();
  }

  @Override
  public void close() {
    tracerProvider.close();
    loggerProvider.close();
    meterProvider.close();
  }

  private void count(CompletableResultCode result, Runnable onSuccess) {
    result.whenComplete(
        () -> {
          if (result.isSuccess()) {
            onSuccess.run();
            exportsOk.incrementAndGet();
          } else {
            exportsFailed.incrementAndGet();
          }
        });
  }

  private final class CountingSpanExporter implements SpanExporter {
    private final SpanExporter delegate;

    CountingSpanExporter(SpanExporter delegate) {
      this.delegate = delegate;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      CompletableResultCode r = delegate.export(spans);
      int n = spans.size();
      count(r, () -> exportedSpans.add(n));
      return r;
    }

    @Override
    public CompletableResultCode flush() {
      return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
      return delegate.shutdown();
    }
  }

  private final class CountingLogExporter implements LogRecordExporter {
    private final LogRecordExporter delegate;

    CountingLogExporter(LogRecordExporter delegate) {
      this.delegate = delegate;
    }

    @Override
    public CompletableResultCode export(Collection<LogRecordData> logs) {
      CompletableResultCode r = delegate.export(logs);
      int n = logs.size();
      count(r, () -> exportedLogs.add(n));
      return r;
    }

    @Override
    public CompletableResultCode flush() {
      return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
      return delegate.shutdown();
    }
  }

  private final class CountingMetricExporter implements MetricExporter {
    private final MetricExporter delegate;

    CountingMetricExporter(MetricExporter delegate) {
      this.delegate = delegate;
    }

    @Override
    public CompletableResultCode export(Collection<MetricData> metrics) {
      CompletableResultCode r = delegate.export(metrics);
      List<MetricData> sent = List.copyOf(metrics);
      count(
          r,
          () ->
              sent.forEach(
                  m ->
                      exportedPoints
                          .computeIfAbsent(m.getType(), t -> new LongAdder())
                          .add(m.getData().getPoints().size())));
      return r;
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType instrumentType) {
      return delegate.getAggregationTemporality(instrumentType);
    }

    @Override
    public CompletableResultCode flush() {
      return delegate.flush();
    }

    @Override
    public CompletableResultCode shutdown() {
      return delegate.shutdown();
    }
  }
}
