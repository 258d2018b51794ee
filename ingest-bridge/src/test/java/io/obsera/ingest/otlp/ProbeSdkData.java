package io.obsera.ingest.otlp;

import io.obsera.model.probe.ProbeAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.common.CompletableResultCode;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Probe results as a probe agent makes them with the OpenTelemetry SDK: per tenant a resource
 * ({@code service.name} obsera-probe, {@code obsera.tenant}, region, agent), one span named by the
 * endpoint id and the {@code obsera.probe.up} gauge. Collected, so that one exporter call sends the
 * data of several tenants in one request, as an agent's batch does.
 */
final class ProbeSdkData {
  final List<SpanData> spans = new ArrayList<>();
  final List<MetricData> metrics = new ArrayList<>();

  /**
   * Adds one check of {@code endpointId} reported for {@code tenant} (null: no tenant attribute).
   */
  ProbeSdkData check(String tenant, String endpointId) {
    Attributes resource =
        tenant == null
            ? Attributes.of(AttributeKey.stringKey(ProbeAttributes.REGION), "eu-west")
            : Attributes.of(
                AttributeKey.stringKey(ProbeAttributes.TENANT),
                tenant,
                AttributeKey.stringKey(ProbeAttributes.REGION),
                "eu-west",
                AttributeKey.stringKey(ProbeAttributes.AGENT),
                "agent-1");
    Resource r =
        Resource.create(
            resource.toBuilder().put("service.name", ProbeAttributes.SERVICE_NAME).build());
    Attributes point =
        Attributes.of(AttributeKey.stringKey(ProbeAttributes.ENDPOINT_ID), endpointId);
    try (SdkTracerProvider tracing =
        SdkTracerProvider.builder()
            .setResource(r)
            .addSpanProcessor(SimpleSpanProcessor.create(new SpanCollector()))
            .build()) {
      tracing
          .get("probe")
          .spanBuilder(endpointId)
          .setAllAttributes(point)
          .setAttribute(ProbeAttributes.OUTCOME, "UP")
          .startSpan()
          .end();
    }
    MetricCollector metricCollector = new MetricCollector();
    try (SdkMeterProvider meters =
        SdkMeterProvider.builder()
            .setResource(r)
            .registerMetricReader(
                PeriodicMetricReader.builder(metricCollector)
                    .setInterval(Duration.ofHours(1))
                    .build())
            .build()) {
      meters.get("probe").gaugeBuilder(ProbeAttributes.METRIC_UP).ofLongs().build().set(1, point);
      meters.forceFlush().join(5, java.util.concurrent.TimeUnit.SECONDS);
      // taken now: closing the provider exports the gauge once more
      synchronized (metricCollector) {
        metrics.addAll(metricCollector.collected);
      }
    }
    return this;
  }

  /** Collects the spans the SDK exports instead of sending them. */
  private final class SpanCollector implements SpanExporter {
    @Override
    public CompletableResultCode export(Collection<SpanData> batch) {
      spans.addAll(batch);
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }

  /** Collects the metrics the SDK exports instead of sending them. */
  private static final class MetricCollector implements MetricExporter {
    final List<MetricData> collected = new ArrayList<>();

    @Override
    public synchronized CompletableResultCode export(Collection<MetricData> batch) {
      collected.addAll(batch);
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public AggregationTemporality getAggregationTemporality(InstrumentType type) {
      return AggregationTemporality.CUMULATIVE;
    }

    @Override
    public CompletableResultCode flush() {
      return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
      return CompletableResultCode.ofSuccess();
    }
  }
}
