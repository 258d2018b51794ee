package io.obsera.ingest.fragment;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Exemplar;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import org.junit.jupiter.api.Test;

class MetricFragmenterTest {
  static Metric gauge(String name, int points) {
    Gauge.Builder g = Gauge.newBuilder();
    for (int i = 0; i < points; i++) {
      g.addDataPoints(NumberDataPoint.newBuilder().setAsDouble(i).setTimeUnixNano(i + 1));
    }
    return Metric.newBuilder().setName(name).setGauge(g).build();
  }

  static Metric histogramWithExemplar(String name, int traceIdBytes) {
    return Metric.newBuilder()
        .setName(name)
        .setHistogram(
            Histogram.newBuilder()
                .addDataPoints(
                    HistogramDataPoint.newBuilder()
                        .setCount(1)
                        .setSum(2.5)
                        .addExemplars(
                            Exemplar.newBuilder()
                                .setAsDouble(2.5)
                                .setTraceId(ByteString.copyFrom(new byte[traceIdBytes]))
                                .setSpanId(ByteString.copyFrom(new byte[8])))))
        .build();
  }

  static ExportMetricsServiceRequest request(Metric... metrics) {
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .addAttributes(
                            KeyValue.newBuilder()
                                .setKey("service.name")
                                .setValue(AnyValue.newBuilder().setStringValue("cart"))))
                .addScopeMetrics(
                    ScopeMetrics.newBuilder().addAllMetrics(java.util.List.of(metrics))))
        .build();
  }

  @Test
  void should_fragmentPerResourceAndMetric_countingDataPoints() throws Exception {
    Result r =
        MetricFragmenter.fragment(
            "acme", request(gauge("cpu", 2), histogramWithExemplar("lat", 16)));

    assertThat(r.rejected()).isZero();
    assertThat(r.fragments()).hasSize(2);
    assertThat(r.fragments().get(0).key()).startsWith("acme|m:").endsWith(":cpu");
    assertThat(r.fragments().get(0).items()).isEqualTo(2);
    assertThat(r.accepted()).isEqualTo(3);
    Metric lat =
        ExportMetricsServiceRequest.parseFrom(r.fragments().get(1).value())
            .getResourceMetrics(0)
            .getScopeMetrics(0)
            .getMetrics(0);
    assertThat(lat.getHistogram().getDataPoints(0).getExemplars(0).getTraceId().size())
        .isEqualTo(16);
  }

  @Test
  void should_rejectNamelessMetricsAndBadExemplars_keepingTheRest() {
    Result r =
        MetricFragmenter.fragment(
            "acme", request(gauge("", 3), histogramWithExemplar("lat", 5), gauge("ok", 1)));

    assertThat(r.rejected()).isEqualTo(4);
    assertThat(r.rejectReason()).contains("exemplar").contains("5 bytes");
    assertThat(r.fragments()).hasSize(1);
    assertThat(r.fragments().get(0).key()).endsWith(":ok");
  }

  @Test
  void should_keepTheSameKey_forTheSameResourceAndMetric() {
    String a = MetricFragmenter.fragment("acme", request(gauge("cpu", 1))).fragments().get(0).key();
    String b = MetricFragmenter.fragment("acme", request(gauge("cpu", 5))).fragments().get(0).key();
    String other =
        MetricFragmenter.fragment("zeta", request(gauge("cpu", 1))).fragments().get(0).key();
    assertThat(a).isEqualTo(b);
    assertThat(other).startsWith("zeta|").isNotEqualTo(a);
  }
}
