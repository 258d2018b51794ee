package io.obsera.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.obsera.testing.OtelSdkClient;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The read API's known-cause scenario, sent through the real OpenTelemetry SDK: service {@code
 * checkout} in two regions; in {@code us-east} a latency spike of slow, failing traces with error
 * logs, recorded in the {@code checkout.latency} histogram whose exemplars point at them.
 */
final class ReadScenario {
  static final String SERVICE = "checkout";
  static final String METRIC = "checkout.latency";
  static final String CALM_REGION = "eu-west";
  static final String SPIKE_REGION = "us-east";
  static final int CALM_TRACES = 12;
  static final int SPIKE_TRACES = 4;
  static final long CALM_MS = 20;
  static final long SPIKE_MS = 800;

  /** The trace ids of the spike, in the order they were sent. */
  final List<String> spikeTraces = new ArrayList<>();

  /** The trace ids of the calm region. */
  final List<String> calmTraces = new ArrayList<>();

  /** The earliest span start, Unix nanoseconds. */
  long startNanos;

  void send(String otlpBaseUrl, String key) {
    long now = System.currentTimeMillis() * 1_000_000L;
    startNanos = now - 30_000_000_000L;
    try (OtelSdkClient calm = client(otlpBaseUrl, key, CALM_REGION);
        OtelSdkClient spike = client(otlpBaseUrl, key, SPIKE_REGION)) {
      for (int i = 0; i < CALM_TRACES; i++) {
        calmTraces.add(trace(calm, startNanos + i * 1_000_000_000L, CALM_MS, false));
      }
      for (int i = 0; i < SPIKE_TRACES; i++) {
        spikeTraces.add(trace(spike, startNanos + (i + 15) * 1_000_000_000L, SPIKE_MS, true));
      }
    }
  }

  private static OtelSdkClient client(String url, String key, String region) {
    return new OtelSdkClient(
        url, key, SERVICE, Attributes.of(AttributeKey.stringKey("cloud.region"), region));
  }

  /** A root span with a child, a log, and a histogram point with the trace as exemplar. */
  private static String trace(OtelSdkClient sdk, long start, long ms, boolean failing) {
    long end = start + ms * 1_000_000L;
    Span root =
        sdk.tracer()
            .spanBuilder("POST /checkout")
            .setSpanKind(SpanKind.SERVER)
            .setStartTimestamp(start, TimeUnit.NANOSECONDS)
            .setAttribute("http.route", "/checkout")
            .startSpan();
    String traceId = root.getSpanContext().getTraceId();
    DoubleHistogram latency = sdk.meter().histogramBuilder(METRIC).setUnit("ms").build();
    try (Scope ignored = root.makeCurrent()) {
      Span child =
          sdk.tracer()
              .spanBuilder("SELECT cart")
              .setSpanKind(SpanKind.CLIENT)
              .setStartTimestamp(start + 1_000_000L, TimeUnit.NANOSECONDS)
              .startSpan();
      child.end(end - 1_000_000L, TimeUnit.NANOSECONDS);
      sdk.logger()
          .logRecordBuilder()
          .setContext(Context.current())
          .setTimestamp(start + 2_000_000L, TimeUnit.NANOSECONDS)
          .setSeverity(failing ? Severity.ERROR : Severity.INFO)
          .setSeverityText(failing ? "ERROR" : "INFO")
          .setBody(failing ? "payment gateway timeout after " + ms + " ms" : "checkout ok")
          .setAttribute(AttributeKey.stringKey("order.kind"), failing ? "gift" : "standard")
          .emit();
      latency.record(ms, Attributes.of(AttributeKey.stringKey("http.route"), "/checkout"));
    }
    if (failing) {
      root.setStatus(StatusCode.ERROR, "gateway timeout");
    }
    root.end(end, TimeUnit.NANOSECONDS);
    // One export per trace: each collection carries the exemplars recorded since the last one.
    assertThat(sdk.flush()).as("exports failed: %d", sdk.exportsFailed()).isTrue();
    return traceId;
  }
}
