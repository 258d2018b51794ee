package io.obsera.standalone;

import static io.opentelemetry.sdk.metrics.data.MetricDataType.DOUBLE_GAUGE;
import static io.opentelemetry.sdk.metrics.data.MetricDataType.DOUBLE_SUM;
import static io.opentelemetry.sdk.metrics.data.MetricDataType.EXPONENTIAL_HISTOGRAM;
import static io.opentelemetry.sdk.metrics.data.MetricDataType.HISTOGRAM;
import static io.opentelemetry.sdk.metrics.data.MetricDataType.LONG_GAUGE;
import static io.opentelemetry.sdk.metrics.data.MetricDataType.LONG_SUM;
import static io.opentelemetry.sdk.metrics.data.MetricDataType.SUMMARY;
import static org.assertj.core.api.Assertions.assertThat;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import java.util.Map;

/** Row counts of one tenant in every table the writer fills, compared with what was sent. */
final class PipelineCounts {
  private final Client ch;
  private final String db;
  private final String tenant;

  PipelineCounts(Client ch, String db, String tenant) {
    this.ch = ch;
    this.db = db;
    this.tenant = tenant;
  }

  /** Every raw table holds each sent item once; the derived tables add up to what was sent. */
  void assertExactly(SentCounts sent) {
    GenericRecord spans =
        row("SELECT count() AS n, uniqExact(TraceId, SpanId) AS u FROM %s.otel_traces");
    assertThat(spans.getLong("n")).as("otel_traces rows").isEqualTo(sent.spans());
    assertThat(spans.getLong("u")).as("distinct spans").isEqualTo(sent.spans());
    assertThat(count("otel_logs")).as("otel_logs rows").isEqualTo(sent.logs());
    assertThat(count("otel_metrics_gauge"))
        .as("gauge points")
        .isEqualTo(sent.points(LONG_GAUGE, DOUBLE_GAUGE));
    assertThat(count("otel_metrics_sum"))
        .as("sum points")
        .isEqualTo(sent.points(LONG_SUM, DOUBLE_SUM));
    assertThat(count("otel_metrics_histogram"))
        .as("histogram points")
        .isEqualTo(sent.points(HISTOGRAM));
    assertThat(count("otel_metrics_exponential_histogram"))
        .as("exponential histogram points")
        .isEqualTo(sent.points(EXPONENTIAL_HISTOGRAM));
    assertThat(count("otel_metrics_summary")).as("summary points").isEqualTo(sent.points(SUMMARY));
    GenericRecord traces =
        row("SELECT count() AS n, sum(SpanCount) AS s FROM %s.trace_span_counts FINAL");
    assertThat(traces.getLong("n")).as("trace_span_counts traces").isEqualTo(sent.traces());
    assertThat(traces.getLong("s")).as("trace_span_counts spans").isEqualTo(sent.spans());
    // Summaries of one trace merge (several sessions add up), and every log carries its trace.
    GenericRecord summaries =
        row(
            "SELECT uniqExact(TraceId) AS n, sum(SpanCount) AS s,"
                + " sum(arraySum(mapValues(LogCounts))) AS l FROM %s.trace_summaries");
    assertThat(summaries.getLong("n")).as("trace_summaries traces").isEqualTo(sent.traces());
    assertThat(summaries.getLong("s")).as("trace_summaries spans").isEqualTo(sent.spans());
    assertThat(summaries.getLong("l")).as("trace_summaries logs").isEqualTo(sent.logs());
    GenericRecord usage =
        row(
            "SELECT sum(Spans) AS s, sum(Logs) AS l, sum(MetricPoints) AS p"
                + " FROM %s.usage_hourly FINAL");
    assertThat(usage.getLong("s")).as("usage_hourly spans").isEqualTo(sent.spans());
    assertThat(usage.getLong("l")).as("usage_hourly logs").isEqualTo(sent.logs());
    assertThat(usage.getLong("p")).as("usage_hourly metric points").isEqualTo(sent.allPoints());
  }

  long count(String table) {
    return row("SELECT count() AS n FROM %s." + table).getLong("n");
  }

  private GenericRecord row(String sqlWithDatabase) {
    return ch.queryAll(
            String.format(sqlWithDatabase, db) + " WHERE TenantId = {t:String}",
            Map.of("t", tenant))
        .get(0);
  }
}
