package io.obsera.standalone;

import static io.obsera.testing.OtlpFixtures.spans;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import com.google.protobuf.ByteString;
import io.obsera.model.ClickHouseSettings;
import io.obsera.model.RecordHeaders;
import io.obsera.model.RecordKeys;
import io.obsera.model.Topics;
import io.obsera.platform.kafka.TopicProvisioner;
import io.obsera.streams.StreamsService;
import io.obsera.streams.StreamsServiceConfig;
import io.obsera.testing.ObseraServersExtension;
import io.obsera.testing.SharedServers;
import io.obsera.testing.TestClickHouse;
import io.obsera.testing.TestControlKeys;
import io.obsera.testing.TestKafka;
import io.obsera.writer.WriterService;
import io.obsera.writer.WriterServiceConfig;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ObseraServersExtension.class)
public class PipelineServicesIT {
  static final String TENANT = "streams-it-" + UUID.randomUUID().toString().substring(0, 8);
  static final String BULK_TENANT = TENANT + "-bulk";
  static StreamsService service;
  static WriterService writer;
  static Client ch;
  static String db;
  static KafkaProducer<String, byte[]> producer;

  @BeforeAll
  static void start() throws Exception {
    String kafka = SharedServers.kafkaBootstrap();
    TopicProvisioner.ensure(kafka, Map.of(), Topics.all(2));
    db = TestClickHouse.createDatabase("streams");
    SharedServers.ClickHouseEndpoint e = SharedServers.clickHouse();
    ClickHouseSettings settings = new ClickHouseSettings(e.httpUrl(), e.user(), e.password(), db);
    service =
        new StreamsService(
            StreamsServiceConfig.of(
                kafka,
                TestKafka.uniqueName("streams-it"),
                Files.createTempDirectory("streams-state"),
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                TestControlKeys.verifying()));
    writer =
        new WriterService(
            WriterServiceConfig.of(
                kafka,
                TestKafka.uniqueName("streams-it-writer"),
                settings,
                TestControlKeys.verifying()));
    assertThat(writer.migrate()).isPositive();
    service.start();
    writer.start();
    ch = TestClickHouse.adminClient();
    producer =
        new KafkaProducer<>(
            Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka, ProducerConfig.ACKS_CONFIG, "all"),
            new StringSerializer(),
            new ByteArraySerializer());
  }

  @AfterAll
  static void stop() {
    producer.close();
    service.close();
    writer.close();
    ch.close();
  }

  static void send(String topic, String key, byte[] value) throws Exception {
    ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, key, value);
    r.headers().add(RecordHeaders.TENANT, RecordHeaders.bytes(RecordKeys.tenantOf(key)));
    producer.send(r).get();
  }

  long count(String sql) {
    return count(sql, TENANT);
  }

  long count(String sql, String tenant) {
    return ch.queryAll(sql, Map.of("t", tenant)).get(0).getLong(1);
  }

  @Test
  void should_landSpansLogsAndCounts_andDeadLetterPoison_withoutStallingThePartition()
      throws Exception {
    String traceX = "11111111111111111111111111111111";
    String traceY = "22222222222222222222222222222222";
    send(Topics.OTLP_SPANS, TENANT + "|" + traceX, spans(traceX, "cart", 1, 2));
    send(Topics.OTLP_SPANS, TENANT + "|" + traceX, new byte[] {(byte) 0xff, 0x7f, 0x00});
    send(Topics.OTLP_SPANS, TENANT + "|" + traceX, spans(traceX, "cart", 3));
    send(Topics.OTLP_SPANS, TENANT + "|" + traceY, spans(traceY, "payment", 4));
    send(
        Topics.OTLP_LOGS,
        TENANT + "|" + traceX,
        ExportLogsServiceRequest.newBuilder()
            .addResourceLogs(
                ResourceLogs.newBuilder()
                    .addScopeLogs(
                        ScopeLogs.newBuilder()
                            .addLogRecords(
                                LogRecord.newBuilder()
                                    .setTimeUnixNano(1_764_000_000_100_000_000L)
                                    .setTraceId(
                                        ByteString.copyFrom(HexFormat.of().parseHex(traceX)))
                                    .setSeverityText("WARN")
                                    .setSeverityNumberValue(13)
                                    .setBody(AnyValue.newBuilder().setStringValue("slow query")))))
            .build()
            .toByteArray());

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              assertThat(
                      count(
                          "SELECT count() FROM " + db + ".otel_traces WHERE TenantId = {t:String}"))
                  .isEqualTo(4);
              assertThat(
                      count("SELECT count() FROM " + db + ".otel_logs WHERE TenantId = {t:String}"))
                  .isEqualTo(1);
              assertThat(
                      count(
                          "SELECT max(SpanCount) FROM "
                              + db
                              + ".trace_span_counts WHERE TenantId = {t:String}"
                              + " AND TraceId = '"
                              + traceX
                              + "'"))
                  .isEqualTo(3);
            });

    GenericRecord span =
        ch.queryAll(
                "SELECT ServiceName, SpanKind, Duration, SpanAttributes['peer'] AS Peer, TraceId, SpanId"
                    + " FROM "
                    + db
                    + ".otel_traces WHERE TenantId = {t:String} AND SpanName = 'op-4'",
                Map.of("t", TENANT))
            .get(0);
    assertThat(span.getString("ServiceName")).isEqualTo("payment");
    assertThat(span.getString("SpanKind")).isEqualTo("Client");
    assertThat(span.getLong("Duration")).isEqualTo(250_000_000L);
    assertThat(span.getString("Peer")).isEqualTo("db-4");
    assertThat(span.getString("TraceId")).isEqualTo(traceY);
    assertThat(span.getString("SpanId")).isEqualTo("0000000000000004");
    assertThat(
            count(
                "SELECT count() FROM "
                    + db
                    + ".otel_traces_trace_id_ts WHERE TenantId = {t:String}"))
        .isGreaterThanOrEqualTo(2);

    // Dead-lettered once, by the topology; the writer (past it: span 3 landed) only counted it.
    assertThat(writer.writer().unparseableSkipped()).isPositive();
    assertThat(
            TestKafka.readAll(Topics.DEAD_LETTER).stream()
                .filter(r -> (TENANT + "|" + traceX).equals(r.key()))
                .toList())
        .singleElement()
        .satisfies(
            r ->
                assertThat(RecordHeaders.read(r.headers(), RecordHeaders.DLQ_REASON))
                    .hasValueSatisfying(
                        reason -> assertThat(reason).startsWith("unparseable span fragment")));
  }

  @Test
  void should_writeEveryFragmentOnce_whenManyArrive() throws Exception {
    String trace = "33333333333333333333333333333333";
    for (int i = 0; i < 50; i++) {
      send(Topics.OTLP_SPANS, BULK_TENANT + "|" + trace, spans(trace, "bulk", 10 + i));
    }
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(
                        count(
                            "SELECT count() FROM "
                                + db
                                + ".otel_traces WHERE TenantId = {t:String} AND TraceId = '"
                                + trace
                                + "'",
                            BULK_TENANT))
                    .isEqualTo(50));
    assertThat(writer.writer().lastError()).isNull();
  }

  @Test
  void should_landEveryMetricType_inTheExporterTables_withExemplars() throws Exception {
    String tenant = TENANT + "-metrics";
    String traceHex = "44444444444444444444444444444444";
    ByteString traceId = ByteString.copyFrom(HexFormat.of().parseHex(traceHex));
    ByteString spanId = ByteString.copyFrom(HexFormat.of().parseHex("0102030405060708"));
    long t = 1_764_000_000_000_000_000L;
    io.opentelemetry.proto.metrics.v1.Exemplar exemplar =
        io.opentelemetry.proto.metrics.v1.Exemplar.newBuilder()
            .setTimeUnixNano(t)
            .setAsDouble(0.42)
            .setTraceId(traceId)
            .setSpanId(spanId)
            .build();
    io.opentelemetry.proto.metrics.v1.NumberDataPoint number =
        io.opentelemetry.proto.metrics.v1.NumberDataPoint.newBuilder()
            .setTimeUnixNano(t)
            .setAsDouble(7.5)
            .addExemplars(exemplar)
            .build();
    io.opentelemetry.proto.metrics.v1.ScopeMetrics.Builder scope =
        io.opentelemetry.proto.metrics.v1.ScopeMetrics.newBuilder()
            .addMetrics(
                io.opentelemetry.proto.metrics.v1.Metric.newBuilder()
                    .setName("cpu.utilization")
                    .setGauge(
                        io.opentelemetry.proto.metrics.v1.Gauge.newBuilder().addDataPoints(number)))
            .addMetrics(
                io.opentelemetry.proto.metrics.v1.Metric.newBuilder()
                    .setName("requests")
                    .setSum(
                        io.opentelemetry.proto.metrics.v1.Sum.newBuilder()
                            .setIsMonotonic(true)
                            .setAggregationTemporalityValue(2)
                            .addDataPoints(number)))
            .addMetrics(
                io.opentelemetry.proto.metrics.v1.Metric.newBuilder()
                    .setName("latency")
                    .setUnit("ms")
                    .setHistogram(
                        io.opentelemetry.proto.metrics.v1.Histogram.newBuilder()
                            .setAggregationTemporalityValue(2)
                            .addDataPoints(
                                io.opentelemetry.proto.metrics.v1.HistogramDataPoint.newBuilder()
                                    .setTimeUnixNano(t)
                                    .setCount(3)
                                    .setSum(30)
                                    .addAllExplicitBounds(List.of(5.0, 10.0))
                                    .addAllBucketCounts(List.of(1L, 1L, 1L))
                                    .setMin(2)
                                    .setMax(20)
                                    .addExemplars(exemplar))))
            .addMetrics(
                io.opentelemetry.proto.metrics.v1.Metric.newBuilder()
                    .setName("latency.exp")
                    .setExponentialHistogram(
                        io.opentelemetry.proto.metrics.v1.ExponentialHistogram.newBuilder()
                            .addDataPoints(
                                io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint
                                    .newBuilder()
                                    .setTimeUnixNano(t)
                                    .setCount(2)
                                    .setScale(3)
                                    .setPositive(
                                        io.opentelemetry.proto.metrics.v1
                                            .ExponentialHistogramDataPoint.Buckets.newBuilder()
                                            .setOffset(4)
                                            .addAllBucketCounts(List.of(1L, 1L))))))
            .addMetrics(
                io.opentelemetry.proto.metrics.v1.Metric.newBuilder()
                    .setName("gc.pause")
                    .setSummary(
                        io.opentelemetry.proto.metrics.v1.Summary.newBuilder()
                            .addDataPoints(
                                io.opentelemetry.proto.metrics.v1.SummaryDataPoint.newBuilder()
                                    .setTimeUnixNano(t)
                                    .setCount(4)
                                    .setSum(8)
                                    .addQuantileValues(
                                        io.opentelemetry.proto.metrics.v1.SummaryDataPoint
                                            .ValueAtQuantile.newBuilder()
                                            .setQuantile(0.99)
                                            .setValue(3.5)))));
    byte[] fragment =
        io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest.newBuilder()
            .addResourceMetrics(
                io.opentelemetry.proto.metrics.v1.ResourceMetrics.newBuilder()
                    .setResource(
                        Resource.newBuilder()
                            .addAttributes(
                                KeyValue.newBuilder()
                                    .setKey("service.name")
                                    .setValue(AnyValue.newBuilder().setStringValue("api"))))
                    .addScopeMetrics(scope))
            .build()
            .toByteArray();
    send(Topics.OTLP_METRICS, tenant + "|m:1:all", fragment);

    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () -> {
              for (String table :
                  List.of(
                      "otel_metrics_gauge",
                      "otel_metrics_sum",
                      "otel_metrics_histogram",
                      "otel_metrics_exponential_histogram",
                      "otel_metrics_summary")) {
                assertThat(
                        count(
                            "SELECT count() FROM "
                                + db
                                + "."
                                + table
                                + " WHERE TenantId = {t:String}",
                            tenant))
                    .as(table)
                    .isEqualTo(1);
              }
            });
    GenericRecord h =
        ch.queryAll(
                "SELECT ServiceName, MetricUnit, Count, Sum, BucketCounts, ExplicitBounds, Min, Max,"
                    + " Exemplars.TraceId AS Traces, Exemplars.SpanId AS Spans,"
                    + " toString(TimeUnix) AS T FROM "
                    + db
                    + ".otel_metrics_histogram"
                    + " WHERE TenantId = {t:String}",
                Map.of("t", tenant))
            .get(0);
    assertThat(h.getString("ServiceName")).isEqualTo("api");
    assertThat(h.getString("MetricUnit")).isEqualTo("ms");
    assertThat(h.getLong("Count")).isEqualTo(3);
    assertThat(h.getDouble("Sum")).isEqualTo(30.0);
    assertThat(h.getDouble("Max")).isEqualTo(20.0);
    assertThat(h.getString("Traces")).contains(traceHex);
    assertThat(h.getString("Spans")).contains("0102030405060708");
    assertThat(
            count(
                "SELECT count() FROM "
                    + db
                    + ".otel_metrics_sum WHERE TenantId = {t:String}"
                    + " AND IsMonotonic AND AggregationTemporality = 2 AND Value = 7.5",
                tenant))
        .isEqualTo(1);
    assertThat(
            count(
                "SELECT count() FROM "
                    + db
                    + ".otel_metrics_summary WHERE TenantId = {t:String}"
                    + " AND ValueAtQuantiles.Quantile[1] = 0.99 AND ValueAtQuantiles.Value[1] = 3.5",
                tenant))
        .isEqualTo(1);
    assertThat(
            count(
                "SELECT count() FROM "
                    + db
                    + ".otel_metrics_exponential_histogram"
                    + " WHERE TenantId = {t:String} AND Scale = 3 AND PositiveOffset = 4"
                    + " AND PositiveBucketCounts = [1, 1]",
                tenant))
        .isEqualTo(1);
  }

  static byte[] webSpans(String traceHex, long startMillis, String rootName) {
    long start = startMillis * 1_000_000L;
    ByteString trace = ByteString.copyFrom(HexFormat.of().parseHex(traceHex));
    ByteString root = ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 0, 1});
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .addAttributes(
                            KeyValue.newBuilder()
                                .setKey("service.name")
                                .setValue(AnyValue.newBuilder().setStringValue("web")))
                        .addAttributes(
                            KeyValue.newBuilder()
                                .setKey("cloud.region")
                                .setValue(AnyValue.newBuilder().setStringValue("eu-west-1"))))
                .addScopeSpans(
                    ScopeSpans.newBuilder()
                        .addSpans(
                            Span.newBuilder()
                                .setTraceId(trace)
                                .setSpanId(root)
                                .setName(rootName)
                                .setStartTimeUnixNano(start)
                                .setEndTimeUnixNano(start + 100_000_000L))
                        .addSpans(
                            Span.newBuilder()
                                .setTraceId(trace)
                                .setSpanId(ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 0, 2}))
                                .setParentSpanId(root)
                                .setName("db")
                                .setStatus(
                                    io.opentelemetry.proto.trace.v1.Status.newBuilder()
                                        .setCode(
                                            io.opentelemetry.proto.trace.v1.Status.StatusCode
                                                .STATUS_CODE_ERROR))
                                .setStartTimeUnixNano(start + 10_000_000L)
                                .setEndTimeUnixNano(start + 30_000_000L))))
        .build()
        .toByteArray();
  }

  @Test
  void should_writeRedMinutes_onWallClockTime_andAddLateSpansToTheirMinute() throws Exception {
    String tenant = TENANT + "-red";
    // Three minutes ago: the minute has closed on wall-clock time, no later traffic is needed.
    long then = (System.currentTimeMillis() / 60_000 - 3) * 60_000 + 5_000;
    for (int i = 0; i < 6; i++) {
      String trace = String.format("%032x", 0xfed000L + i);
      send(Topics.OTLP_SPANS, tenant + "|" + trace, webSpans(trace, then + i * 1_000, "GET /"));
    }
    String sql =
        "SELECT sum(Count) AS C, sum(Errors) AS E, arraySum(sumForEach(LatencyBuckets)) AS B,"
            + " any(Region) AS R, count() AS Rows FROM "
            + db
            + ".red_minute WHERE TenantId = {t:String} AND ServiceName = 'web' AND Operation = 'db'"
            + " AND Minute = toStartOfMinute(fromUnixTimestamp64Milli({then:Int64}))";
    Map<String, Object> params = Map.of("t", tenant, "then", then);
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(ch.queryAll(sql, params).get(0).getLong("C")).isEqualTo(6));
    GenericRecord red = ch.queryAll(sql, params).get(0);
    assertThat(red.getLong("E")).isEqualTo(6);
    assertThat(red.getLong("B")).isEqualTo(6);
    assertThat(red.getString("R")).isEqualTo("eu-west-1");

    // A span of that minute arriving now is not dropped: it adds a row to its minute.
    String late = String.format("%032x", 0xfedfffL);
    send(Topics.OTLP_SPANS, tenant + "|" + late, webSpans(late, then + 30_000, "GET /"));
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(() -> assertThat(ch.queryAll(sql, params).get(0).getLong("C")).isEqualTo(7));
  }

  @Test
  void should_writeTraceSummaries_onWallClockTime_andUsage() throws Exception {
    String tenant = TENANT + "-facts";
    String trace = "55555555555555555555555555555555";
    long now = System.currentTimeMillis();
    send(Topics.OTLP_SPANS, tenant + "|" + trace, webSpans(trace, now, "GET /"));
    send(
        Topics.OTLP_LOGS,
        tenant + "|" + trace,
        ExportLogsServiceRequest.newBuilder()
            .addResourceLogs(
                ResourceLogs.newBuilder()
                    .addScopeLogs(
                        ScopeLogs.newBuilder()
                            .addLogRecords(
                                LogRecord.newBuilder()
                                    .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(trace)))
                                    .setSeverityNumberValue(17)
                                    .setBody(AnyValue.newBuilder().setStringValue("db failed")))))
            .build()
            .toByteArray());
    // No later traffic: the session closes on wall-clock time (gap 1 s in this IT).
    await()
        .atMost(Duration.ofSeconds(60))
        .untilAsserted(
            () ->
                assertThat(
                        count(
                            "SELECT count() FROM "
                                + db
                                + ".trace_summaries WHERE TenantId = {t:String}"
                                + " AND TraceId = '"
                                + trace
                                + "'",
                            tenant))
                    .isPositive());
    GenericRecord s =
        ch.queryAll(
                "SELECT min(Start) = fromUnixTimestamp64Nano({start:Int64}) AS StartOk,"
                    + " sum(SpanCount) AS Spans, sum(ErrorCount) AS Errors, max(RootService) AS Root,"
                    + " max(RootOperation) AS Op, sumMap(LogCounts)['error'] AS ErrorLogs,"
                    + " toString(groupUniqArrayArray(Regions)) AS Regions"
                    + " FROM "
                    + db
                    + ".trace_summaries WHERE TenantId = {t:String} AND TraceId = {trace:String}",
                Map.of("t", tenant, "trace", trace, "start", now * 1_000_000L))
            .get(0);
    assertThat(s.getInteger("StartOk")).isEqualTo(1);
    assertThat(s.getLong("Spans")).isEqualTo(2);
    assertThat(s.getLong("Errors")).isEqualTo(1);
    assertThat(s.getString("Root")).isEqualTo("web");
    assertThat(s.getString("Op")).isEqualTo("GET /");
    assertThat(s.getLong("ErrorLogs")).isEqualTo(1);
    assertThat(s.getString("Regions")).isEqualTo("['eu-west-1']");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              GenericRecord u =
                  ch.queryAll(
                          "SELECT sum(Spans) AS S, sum(Logs) AS L, sum(Bytes) AS B FROM "
                              + db
                              + ".usage_hourly FINAL WHERE TenantId = {t:String}",
                          Map.of("t", tenant))
                      .get(0);
              // 2 spans and 1 log of the trace.
              assertThat(u.getLong("L")).isEqualTo(1);
              assertThat(u.getLong("S")).isEqualTo(2);
              assertThat(u.getLong("B")).isPositive();
            });
  }
}
