package io.obsera.ingest.otlp;

import static io.obsera.ingest.otlp.OtlpJsonFixtures.PARENT_SPAN_ID;
import static io.obsera.ingest.otlp.OtlpJsonFixtures.SPAN_ID;
import static io.obsera.ingest.otlp.OtlpJsonFixtures.TRACE_ID;
import static io.obsera.ingest.otlp.OtlpJsonFixtures.assertSameMessage;
import static io.obsera.ingest.otlp.OtlpJsonFixtures.fixture;
import static io.obsera.ingest.otlp.OtlpJsonFixtures.id;
import static io.obsera.ingest.otlp.OtlpJsonFixtures.kv;
import static io.obsera.ingest.otlp.OtlpJsonFixtures.str;
import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Exemplar;
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
import io.opentelemetry.proto.resource.v1.Resource;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The metrics golden fixture: every metric type, each with exemplars carrying hex ids. */
class JsonCodecMetricsGoldenTest {
  private static final long START = 1_700_000_000_000_000_000L;
  private static final long TIME = 1_700_000_010_000_000_000L;

  private final JsonCodec codec = new JsonCodec();

  @Test
  void should_decodeEveryMetricType_withExemplars_fieldByField() {
    ExportMetricsServiceRequest actual = codec.metrics(fixture("metrics.json"));

    Metric gauge =
        Metric.newBuilder()
            .setName("queue.depth")
            .setDescription("Jobs waiting")
            .setUnit("{job}")
            .setGauge(
                Gauge.newBuilder()
                    .addDataPoints(
                        NumberDataPoint.newBuilder()
                            .addAttributes(kv("queue", str("payments")))
                            .setStartTimeUnixNano(START)
                            .setTimeUnixNano(TIME)
                            .setAsInt(12)
                            .addExemplars(
                                Exemplar.newBuilder()
                                    .addFilteredAttributes(kv("job.id", str("j-9")))
                                    .setTimeUnixNano(1_700_000_005_000_000_000L)
                                    .setAsInt(11)
                                    .setSpanId(id(SPAN_ID))
                                    .setTraceId(id(TRACE_ID))))
                    .addDataPoints(
                        NumberDataPoint.newBuilder()
                            .setTimeUnixNano(TIME)
                            .setAsDouble(0.75)
                            .setFlags(1)))
            .addMetadata(kv("origin", str("golden")))
            .build();
    Metric sum =
        Metric.newBuilder()
            .setName("orders.placed")
            .setUnit("{order}")
            .setSum(
                Sum.newBuilder()
                    .addDataPoints(
                        NumberDataPoint.newBuilder()
                            .addAttributes(kv("region", str("eu-west")))
                            .setStartTimeUnixNano(START)
                            .setTimeUnixNano(TIME)
                            .setAsInt(9_007_199_254_740_993L)
                            .addExemplars(
                                Exemplar.newBuilder()
                                    .setTimeUnixNano(1_700_000_006_000_000_000L)
                                    .setAsDouble(3.0)
                                    .setSpanId(id(PARENT_SPAN_ID))
                                    .setTraceId(id(TRACE_ID))))
                    .setAggregationTemporality(
                        AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                    .setIsMonotonic(true))
            .build();
    Metric histogram =
        Metric.newBuilder()
            .setName("checkout.duration")
            .setUnit("ms")
            .setHistogram(
                Histogram.newBuilder()
                    .addDataPoints(
                        HistogramDataPoint.newBuilder()
                            .addAttributes(kv("route", str("/checkout")))
                            .setStartTimeUnixNano(START)
                            .setTimeUnixNano(TIME)
                            .setCount(6)
                            .setSum(1234.5)
                            .addAllBucketCounts(List.of(1L, 2L, 3L, 0L))
                            .addAllExplicitBounds(List.of(10.0, 100.0, 1000.0))
                            .addExemplars(
                                Exemplar.newBuilder()
                                    .setTimeUnixNano(1_700_000_007_000_000_000L)
                                    .setAsDouble(1020.5)
                                    .setSpanId(id(SPAN_ID))
                                    .setTraceId(id(TRACE_ID)))
                            .setMin(4.5)
                            .setMax(1020.5))
                    .setAggregationTemporality(
                        AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA))
            .build();
    Metric exponential =
        Metric.newBuilder()
            .setName("payload.size")
            .setUnit("By")
            .setExponentialHistogram(
                ExponentialHistogram.newBuilder()
                    .addDataPoints(
                        ExponentialHistogramDataPoint.newBuilder()
                            .setStartTimeUnixNano(START)
                            .setTimeUnixNano(TIME)
                            .setCount(7)
                            .setSum(9000.25)
                            .setScale(3)
                            .setZeroCount(1)
                            .setPositive(
                                ExponentialHistogramDataPoint.Buckets.newBuilder()
                                    .setOffset(40)
                                    .addAllBucketCounts(List.of(2L, 3L)))
                            .setNegative(
                                ExponentialHistogramDataPoint.Buckets.newBuilder()
                                    .setOffset(-2)
                                    .addBucketCounts(1L))
                            .addExemplars(
                                Exemplar.newBuilder()
                                    .addFilteredAttributes(kv("tenant.tier", str("free")))
                                    .setTimeUnixNano(1_700_000_008_000_000_000L)
                                    .setAsDouble(4096)
                                    .setSpanId(id(PARENT_SPAN_ID))
                                    .setTraceId(id(TRACE_ID)))
                            .setMin(-3.5)
                            .setMax(5000)
                            .setZeroThreshold(0.001))
                    .setAggregationTemporality(
                        AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE))
            .build();
    Metric summary =
        Metric.newBuilder()
            .setName("rpc.latency")
            .setUnit("s")
            .setSummary(
                Summary.newBuilder()
                    .addDataPoints(
                        SummaryDataPoint.newBuilder()
                            .setStartTimeUnixNano(START)
                            .setTimeUnixNano(TIME)
                            .setCount(100)
                            .setSum(12.5)
                            .addQuantileValues(
                                SummaryDataPoint.ValueAtQuantile.newBuilder()
                                    .setQuantile(0.5)
                                    .setValue(0.1))
                            .addQuantileValues(
                                SummaryDataPoint.ValueAtQuantile.newBuilder()
                                    .setQuantile(0.99)
                                    .setValue(0.9))))
            .build();
    ExportMetricsServiceRequest expected =
        ExportMetricsServiceRequest.newBuilder()
            .addResourceMetrics(
                ResourceMetrics.newBuilder()
                    .setResource(
                        Resource.newBuilder().addAttributes(kv("service.name", str("checkout"))))
                    .addScopeMetrics(
                        ScopeMetrics.newBuilder()
                            .setScope(
                                InstrumentationScope.newBuilder()
                                    .setName("io.obsera.golden.metrics")
                                    .setVersion("3.0.0"))
                            .addMetrics(gauge)
                            .addMetrics(sum)
                            .addMetrics(histogram)
                            .addMetrics(exponential)
                            .addMetrics(summary)))
            .build();

    assertSameMessage(actual, expected);
    List<Metric> metrics = actual.getResourceMetrics(0).getScopeMetrics(0).getMetricsList();
    assertThat(metrics.get(2).getHistogram().getDataPoints(0).getExemplars(0).getTraceId())
        .isEqualTo(id(TRACE_ID));
    assertThat(
            metrics
                .get(3)
                .getExponentialHistogram()
                .getDataPoints(0)
                .getExemplars(0)
                .getSpanId()
                .toByteArray())
        .containsExactly(0xee, 0xe1, 0x9b, 0x7e, 0xc3, 0xc1, 0xb1, 0x73);
    assertThat(metrics.get(1).getSum().getDataPoints(0).getAsInt())
        .as("int64 above 2^53 survives as a string")
        .isEqualTo(9_007_199_254_740_993L);
  }
}
