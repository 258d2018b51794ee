package io.obsera.model.facts;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import org.junit.jupiter.api.Test;

class MetricPointCountTest {
  static final NumberDataPoint N = NumberDataPoint.newBuilder().setAsDouble(1).build();

  static final Metric GAUGE =
      Metric.newBuilder()
          .setName("g")
          .setGauge(Gauge.newBuilder().addDataPoints(N).addDataPoints(N))
          .build();
  static final Metric SUM =
      Metric.newBuilder().setName("s").setSum(Sum.newBuilder().addDataPoints(N)).build();
  static final Metric HISTOGRAM =
      Metric.newBuilder()
          .setName("h")
          .setHistogram(
              Histogram.newBuilder()
                  .addDataPoints(HistogramDataPoint.getDefaultInstance())
                  .addDataPoints(HistogramDataPoint.getDefaultInstance())
                  .addDataPoints(HistogramDataPoint.getDefaultInstance()))
          .build();
  static final Metric EXPONENTIAL =
      Metric.newBuilder()
          .setName("e")
          .setExponentialHistogram(
              ExponentialHistogram.newBuilder()
                  .addDataPoints(ExponentialHistogramDataPoint.getDefaultInstance()))
          .build();
  static final Metric SUMMARY =
      Metric.newBuilder()
          .setName("q")
          .setSummary(
              Summary.newBuilder()
                  .addDataPoints(SummaryDataPoint.getDefaultInstance())
                  .addDataPoints(SummaryDataPoint.getDefaultInstance()))
          .build();

  @Test
  void should_countDataPoints_ofEveryMetricType() {
    assertThat(MetricPointCount.of(GAUGE)).isEqualTo(2);
    assertThat(MetricPointCount.of(SUM)).isEqualTo(1);
    assertThat(MetricPointCount.of(HISTOGRAM)).isEqualTo(3);
    assertThat(MetricPointCount.of(EXPONENTIAL)).isEqualTo(1);
    assertThat(MetricPointCount.of(SUMMARY)).isEqualTo(2);
    assertThat(MetricPointCount.of(Metric.newBuilder().setName("empty").build())).isZero();
  }

  @Test
  void should_addUpEveryResourceAndScope_ofARequest() {
    ExportMetricsServiceRequest request =
        ExportMetricsServiceRequest.newBuilder()
            .addResourceMetrics(
                ResourceMetrics.newBuilder()
                    .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(GAUGE).addMetrics(SUM))
                    .addScopeMetrics(ScopeMetrics.newBuilder().addMetrics(HISTOGRAM)))
            .addResourceMetrics(
                ResourceMetrics.newBuilder()
                    .addScopeMetrics(
                        ScopeMetrics.newBuilder().addMetrics(EXPONENTIAL).addMetrics(SUMMARY)))
            .build();
    assertThat(MetricPointCount.of(request)).isEqualTo(9);
  }
}
