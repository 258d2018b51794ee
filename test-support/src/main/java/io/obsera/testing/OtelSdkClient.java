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
import io.opentelemetry.sdk.logs.export.LogRecordExporter;
import io.opentelemetry.sdk.logs.export.SimpleLogRecordProcessor;
import io.opentelemetry.sdk.metrics.InstrumentType;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.AggregationTemporality;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real OpenTelemetry Java SDK pointed at Obsera's OTLP/HTTP endpoint with an API key, as an
 * application would configure it. Counts export successes and failures so tests can assert on what
 * the exporter saw.
 */
public final class OtelSdkClient implements AutoCloseable {
  private final SdkTracerProvider tracerProvider;
  private final SdkLoggerProvider loggerProvider;
  private final SdkMeterProvider meterProvider;
  private final AtomicInteger exportsOk = new AtomicInteger();
  private final AtomicInteger exportsFailed = new AtomicInteger();

  public OtelSdkClient(String otlpBaseUrl, String apiKey, String serviceName) {
    this(otlpBaseUrl, apiKey, serviceName, Attributes.empty());
  }

  /** As above, with more resource attributes (e.g. {@code cloud.region}). */
  public OtelSdkClient(
      String otlpBaseUrl, String apiKey, String serviceName, Attributes resourceAttributes) {
    this(
        OtlpHttpSpanExporter.builder()
            .setEndpoint(otlpBaseUrl + "/v1/traces")
            .addHeader("Authorization", "Bearer " + apiKey)
            .setTimeout(Duration.ofSeconds(10))
            .build(),
        OtlpHttpLogRecordExporter.builder()
            .setEndpoint(otlpBaseUrl + "/v1/logs")
            .addHeader("Authorization", "Bearer " + apiKey)
            .setTimeout(Duration.ofSeconds(10))
            .build(),
        OtlpHttpMetricExporter.builder()
            .setEndpoint(otlpBaseUrl + "/v1/metrics")
            .addHeader("Authorization", "Bearer " + apiKey)
            .setTimeout(Duration.ofSeconds(10))
            .build(),
        serviceName,
        resourceAttributes);
  }

  /**
   * An SDK with the given exporters (e.g. the OTLP/gRPC ones, or HTTP ones trusting a test
   * certificate); the client shuts them down on {@link #close()}.
   */
  public OtelSdkClient(
      SpanExporter spans, LogRecordExporter logs, MetricExporter metrics, String serviceName) {
    this(spans, logs, metrics, serviceName, Attributes.empty());
  }

  private OtelSdkClient(
      SpanExporter spans,
      LogRecordExporter logs,
      MetricExporter metrics,
      String serviceName,
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
            .registerMetricReader(
                PeriodicMetricReader.builder(new CountingMetricExporter(metrics))
                    .setInterval(Duration.ofHours(1))
                    .build())
            .build();
    tracerProvider =
        SdkTracerProvider.builder()
            .setResource(resource)
            .addSpanProcessor(SimpleSpanProcessor.create(new CountingSpanExporter(spans)))
            .build();
    loggerProvider =
        SdkLoggerProvider.builder()
            .setResource(resource)
            .addLogRecordProcessor(SimpleLogRecordProcessor.create(new CountingLogExporter(logs)))
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
    CompletableResultCode t = tracerProvider.forceFlush().join(20, TimeUnit.SECONDS);
    CompletableResultCode l = loggerProvider.forceFlush().join(20, TimeUnit.SECONDS);
    CompletableResultCode m = meterProvider.forceFlush().join(20, TimeUnit.SECONDS);
    return t.isSuccess() && l.isSuccess() && m.isSuccess() && exportsFailed.get() == 0;
  }

  public int exportsOk() {
    return exportsOk.get();
  }

  public int exportsFailed() {
    return exportsFailed.get();
  }

  @Override
  public void close() {
    tracerProvider.close();
    loggerProvider.close();
    meterProvider.close();
  }

  private void count(CompletableResultCode result) {
    result.whenComplete(() -> (result.isSuccess() ? exportsOk : exportsFailed).incrementAndGet());
  }

  private final class CountingSpanExporter implements SpanExporter {
    private final SpanExporter delegate;

    CountingSpanExporter(SpanExporter delegate) {
      this.delegate = delegate;
    }

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
      CompletableResultCode r = delegate.export(spans);
      count(r);
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
      count(r);
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
      count(r);
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
