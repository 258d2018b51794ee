package io.obsera.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.obsera.testing.OtelSdkClient;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.logs.Severity;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongGauge;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * A test load made with the OpenTelemetry SDK's API, as an instrumented service makes it: traces of
 * a server span and its children, one log record per trace in the trace's context, and a counter, a
 * gauge, a histogram and an exponential histogram over a number of series, exported a given number
 * of times.
 */
final class SdkLoad {
  static final AttributeKey<String> ROUTE = AttributeKey.stringKey("http.route");
  static final Duration FLUSH_TIMEOUT = Duration.ofMinutes(2);

  private SdkLoad() {}

  /**
   * Sends everything and waits for every export. Closing the client exports the metrics once more:
   * take {@link SentCounts#of} after closing it.
   */
  static void send(
      OtelSdkClient sdk, int traces, int spansPerTrace, int series, int metricExports) {
    send(sdk, traces, spansPerTrace, series, metricExports, 0);
  }

  /** The same, at most {@code tracesPerSecond} traces a second (0: as fast as the SDK goes). */
  static void send(
      OtelSdkClient sdk,
      int traces,
      int spansPerTrace,
      int series,
      int metricExports,
      int tracesPerSecond) {
    long start = System.nanoTime();
    Tracer tracer = sdk.tracer();
    LongCounter orders = sdk.meter().counterBuilder("orders").build();
    LongGauge queue = sdk.meter().gaugeBuilder("queue.depth").ofLongs().build();
    DoubleHistogram latency = sdk.meter().histogramBuilder("latency").setUnit("ms").build();
    DoubleHistogram latencyExp =
        sdk.meter().histogramBuilder("latency.exponential").setUnit("ms").build();
    int exportEvery = Math.max(1, traces / metricExports);
    for (int t = 0; t < traces; t++) {
      Span root = tracer.spanBuilder("GET /checkout").setSpanKind(SpanKind.SERVER).startSpan();
      try (Scope ignored = root.makeCurrent()) {
        for (int i = 1; i < spansPerTrace; i++) {
          Span child =
              tracer
                  .spanBuilder(i % 3 == 0 ? "SELECT orders" : "GET /stock")
                  .setSpanKind(SpanKind.CLIENT)
                  .startSpan();
          if (t % 33 == 0 && i == 1) {
            child.setStatus(StatusCode.ERROR, "stock service unavailable");
          }
          child.end();
        }
        sdk.logger()
            .logRecordBuilder()
            .setSeverity(t % 33 == 0 ? Severity.ERROR : Severity.INFO)
            .setBody("checkout " + t)
            .emit();
      }
      root.end();
      Attributes attrs = Attributes.of(ROUTE, "/r" + (t % series));
      orders.add(1, attrs);
      queue.set(t % 100, attrs);
      latency.record(t % 250, attrs);
      latencyExp.record(t % 250 + 0.5, attrs);
      if (tracesPerSecond > 0) {
        long due = start + (t + 1) * 1_000_000_000L / tracesPerSecond;
        LockSupport.parkNanos(due - System.nanoTime());
      }
      if ((t + 1) % exportEvery == 0) {
        assertThat(sdk.flush(FLUSH_TIMEOUT)).as("every export accepted").isTrue();
      }
    }
    assertThat(sdk.flush(FLUSH_TIMEOUT)).as("every export accepted").isTrue();
    assertThat(sdk.exportsFailed()).isZero();
  }
}
