package io.obsera.ingest.limits;

import static io.obsera.ingest.limits.RequestLimiterTest.str;
import static org.assertj.core.api.Assertions.assertThat;

import io.obsera.testing.ManualClock;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesLimiterTest {
  private final SeriesLimiter limiter =
      new SeriesLimiter(
          new SeriesTracker(2, 100, new ManualClock(Instant.parse("2026-12-06T10:00:00Z"))));

  @Test
  void should_dropPointsOfNewSeriesPastTheLimit_andNameTheMetricAndLimit() {
    ExportMetricsServiceRequest request =
        request(
            "svc",
            gauge(
                "g",
                List.of(str("user", "a")),
                List.of(str("user", "b")),
                List.of(str("user", "c"))),
            histogram("h", List.of(str("user", "a")), List.of(str("user", "b"))));

    SeriesLimiter.Limited out = limiter.apply("t1", request);

    assertThat(out.refused()).isEqualTo(1);
    assertThat(out.reason())
        .contains("metric g")
        .contains("limit of 2 series per hour")
        .contains("OBSERA_INGEST_MAX_SERIES_PER_METRIC");
    List<Metric> metrics = out.request().getResourceMetrics(0).getScopeMetrics(0).getMetricsList();
    assertThat(metrics.get(0).getGauge().getDataPointsList())
        .extracting(p -> p.getAttributes(0).getValue().getStringValue())
        .containsExactly("a", "b");
    assertThat(metrics.get(1))
        .isEqualTo(request.getResourceMetrics(0).getScopeMetrics(0).getMetrics(1));
  }

  @Test
  void should_takeAttributesInAnyOrder_asOneSeries_butAnotherResourceAsAnother() {
    KeyValue a = str("a", "1");
    KeyValue b = str("b", "2");
    ExportMetricsServiceRequest first = request("svc", gauge("g", List.of(a, b)));
    assertThat(limiter.apply("t1", first)).extracting(SeriesLimiter.Limited::refused).isEqualTo(0);
    ExportMetricsServiceRequest reordered = request("svc", gauge("g", List.of(b, a)));
    SeriesLimiter.Limited same = limiter.apply("t1", reordered);
    assertThat(same.request()).isSameAs(reordered);
    assertThat(limiter.tracker().series("t1")).isEqualTo(1);

    limiter.apply("t1", request("other", gauge("g", List.of(a, b))));
    assertThat(limiter.tracker().series("t1")).isEqualTo(2);
  }

  @Test
  void should_dropAMetricWholly_whenEveryPointIsOfANewSeriesPastTheLimit() {
    limiter.apply("t1", request("svc", gauge("g", List.of(str("u", "1")), List.of(str("u", "2")))));
    SeriesLimiter.Limited out =
        limiter.apply(
            "t1", request("svc", gauge("g", List.of(str("u", "3"))), gauge("k", List.of())));
    assertThat(out.refused()).isEqualTo(1);
    assertThat(out.request().getResourceMetrics(0).getScopeMetrics(0).getMetricsList())
        .extracting(Metric::getName)
        .containsExactly("k");
  }

  @SafeVarargs
  private static Metric gauge(String name, List<KeyValue>... points) {
    Gauge.Builder g = Gauge.newBuilder();
    for (List<KeyValue> p : points) {
      g.addDataPoints(NumberDataPoint.newBuilder().setAsInt(1).addAllAttributes(p));
    }
    return Metric.newBuilder().setName(name).setGauge(g).build();
  }

  @SafeVarargs
  private static Metric histogram(String name, List<KeyValue>... points) {
    Histogram.Builder h = Histogram.newBuilder();
    for (List<KeyValue> p : points) {
      h.addDataPoints(HistogramDataPoint.newBuilder().setCount(1).addAllAttributes(p));
    }
    return Metric.newBuilder().setName(name).setHistogram(h).build();
  }

  private static ExportMetricsServiceRequest request(String service, Metric... metrics) {
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(str("service.name", service)))
                .addScopeMetrics(ScopeMetrics.newBuilder().addAllMetrics(List.of(metrics))))
        .build();
  }
}
