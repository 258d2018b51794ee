package io.obsera.alert.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.obsera.model.RecordKeys;
import io.obsera.model.Topics;
import io.obsera.model.alert.AlertEvent;
import io.obsera.model.alert.AlertSource;
import io.obsera.model.alert.AlertState;
import io.obsera.model.control.AlertSignal;
import io.obsera.model.control.Comparison;
import io.obsera.model.control.MetricAggregation;
import io.obsera.model.facts.LatencyBuckets;
import io.obsera.model.facts.RedMinute;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** METRIC threshold rules on gauge points, and NO_DATA rules. */
class MetricAndNoDataAlertsTopologyTest extends EvaluationDriverFixture {

  static KeyValue attr(String k, String v) {
    return KeyValue.newBuilder()
        .setKey(k)
        .setValue(AnyValue.newBuilder().setStringValue(v))
        .build();
  }

  /** Gauge points of {@code metric} for service {@code service}, now, one per value. */
  void gauge(String metric, String service, String host, double... values) {
    Gauge.Builder g = Gauge.newBuilder();
    for (double v : values) {
      g.addDataPoints(
          NumberDataPoint.newBuilder()
              .setTimeUnixNano(clock.millis() * 1_000_000)
              .setAsDouble(v)
              .addAttributes(attr("host", host)));
    }
    ExportMetricsServiceRequest req =
        ExportMetricsServiceRequest.newBuilder()
            .addResourceMetrics(
                ResourceMetrics.newBuilder()
                    .setResource(
                        Resource.newBuilder()
                            .addAttributes(attr("service.name", service))
                            .addAttributes(attr("cloud.region", "eu-west-1")))
                    .addScopeMetrics(
                        ScopeMetrics.newBuilder()
                            .addMetrics(Metric.newBuilder().setName(metric).setGauge(g))))
            .build();
    pipe(
        Topics.OTLP_METRICS,
        RecordKeys.metricKey(TENANT, service.hashCode(), metric),
        req.toByteArray());
  }

  @Test
  void should_fireAndResolve_aMetricAboveAThreshold() {
    rule(
        threshold("cpu", AlertSignal.METRIC, Comparison.ABOVE, 0.9)
            .metric("system.cpu.utilization", MetricAggregation.AVG)
            .windowMs(60_000)
            .r());
    gauge("system.cpu.utilization", "db", "h1", 0.95, 0.97);
    gauge("system.memory.utilization", "db", "h1", 0.99); // another metric
    tick();
    List<AlertEvent> fired = events();
    assertThat(fired).hasSize(1);
    assertThat(fired.get(0).value()).isCloseTo(0.96, org.assertj.core.data.Offset.offset(1e-9));
    assertThat(fired.get(0).labels()).containsEntry("metric", "system.cpu.utilization");
    assertThat(fired.get(0).summary()).contains("avg of system.cpu.utilization 0.96 is above 0.9");
    tick(Duration.ofSeconds(50));
    gauge("system.cpu.utilization", "db", "h1", 0.3); // avg of the last minute: 0.3
    tick();
    assertThat(events()).extracting(AlertEvent::state).containsExactly(AlertState.RESOLVED);
  }

  @Test
  void should_fireBelowAThreshold_onTheMinimum_perGroupOfAnAttribute() {
    rule(
        threshold("memory", AlertSignal.METRIC, Comparison.BELOW, 100)
            .metric("system.memory.free", MetricAggregation.MIN)
            .groupBy("host", "region")
            .r());
    gauge("system.memory.free", "db", "h1", 500, 80, 400);
    gauge("system.memory.free", "db", "h2", 500);
    tick();
    List<AlertEvent> fired = events();
    assertThat(fired).hasSize(1);
    assertThat(fired.get(0).value()).isEqualTo(80.0);
    assertThat(fired.get(0).labels())
        .containsEntry("host", "h1")
        .containsEntry("region", "eu-west-1")
        .doesNotContainKey("service");
  }

  @Test
  void should_notParseOrMatch_fragmentsOfOtherMetrics_orOtherServices() {
    rule(
        threshold("cpu", AlertSignal.METRIC, Comparison.ABOVE, 0.9)
            .metric("system.cpu.utilization", MetricAggregation.MAX)
            .r());
    pipe(
        Topics.OTLP_METRICS,
        TENANT + "|m:1:other.metric",
        "not protobuf".getBytes(StandardCharsets.UTF_8));
    assertThat(topology.health().skippedDataRecords()).isZero();
    pipe(
        Topics.OTLP_METRICS,
        TENANT + "|m:1:system.cpu.utilization",
        new byte[] {(byte) 0xff, 0x01});
    assertThat(topology.health().skippedDataRecords()).isEqualTo(1);
    tick();
    assertThat(events()).isEmpty();
  }

  @Test
  void should_fireNoDataForTheWholeRule_whenNothingArrivedSinceItWasCreated_andResolve() {
    rule(
        threshold("silent", AlertSignal.REQUEST_RATE, null, 0)
            .forMs(300_000)
            .groupBy("region")
            .noData(T0)
            .r());
    for (int i = 0; i < 19; i++) {
      tick();
    }
    assertThat(events()).as("4m45s without data").isEmpty();
    tick();
    List<AlertEvent> fired = events();
    assertThat(fired).hasSize(1);
    AlertEvent rule = fired.get(0);
    assertThat(rule.source()).isEqualTo(AlertSource.NO_DATA);
    assertThat(rule.value()).isNull();
    assertThat(rule.labels()).containsEntry("source", "no_data").doesNotContainKey("region");
    assertThat(rule.summary()).contains("nothing arrived since the rule was created");

    red("eu", 1, 10);
    tick();
    List<AlertEvent> back = events();
    assertThat(back).extracting(AlertEvent::state).containsExactly(AlertState.RESOLVED);
    assertThat(back.get(0).fingerprint()).isEqualTo(rule.fingerprint());

    // eu goes quiet for five minutes: its own alert
    for (int i = 0; i < 20; i++) {
      tick();
    }
    List<AlertEvent> eu = events();
    assertThat(eu).hasSize(1);
    assertThat(eu.get(0).labels()).containsEntry("region", "eu");
    assertThat(eu.get(0).state()).isEqualTo(AlertState.FIRING);
    red("eu", 1, 10);
    tick();
    assertThat(events()).extracting(AlertEvent::state).containsExactly(AlertState.RESOLVED);
  }

  void red(String region, int minutesAgo, long count) {
    long[] buckets = new long[LatencyBuckets.COUNT];
    buckets[10] = count;
    long minute = clock.millis() / 60_000 * 60_000 - minutesAgo * 60_000L;
    RedMinute r = new RedMinute(TENANT, "checkout", "GET /", region, minute, count, 0, 0, buckets);
    pipe(Topics.RED_MINUTE, r.seriesKey(), r);
  }
}
