package io.obsera.streams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.obsera.model.RecordHeaders;
import io.obsera.model.Topics;
import io.obsera.model.facts.LatencyBuckets;
import io.obsera.model.facts.RedMinute;
import io.obsera.model.facts.TraceSummary;
import io.obsera.platform.kafka.JsonSerde;
import io.obsera.streams.StreamsParts;
import io.obsera.testing.TestControlKeys;
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
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TraceRedUsageTopologyTest {
  static final Duration GAP = Duration.ofSeconds(30);
  static final Duration GRACE = Duration.ofSeconds(10);
  static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  static final String TRACE = "0af7651916cd43dd8448eb211c80319c";

  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> spans;
  private TestInputTopic<String, byte[]> logs;
  private TestOutputTopic<String, Long> counts;
  private TestOutputTopic<String, byte[]> deadLetters;
  private TestOutputTopic<String, TraceSummary> summaries;
  private TestOutputTopic<String, RedMinute> red;

  @BeforeEach
  void setUp() {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "engine-test");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    driver =
        new TopologyTestDriver(
            StreamsParts.of(GAP, Duration.ofSeconds(30), TestControlKeys.verifier()).build(),
            p,
            T0);
    spans =
        driver.createInputTopic(
            Topics.OTLP_SPANS, Serdes.String().serializer(), Serdes.ByteArray().serializer());
    logs =
        driver.createInputTopic(
            Topics.OTLP_LOGS, Serdes.String().serializer(), Serdes.ByteArray().serializer());
    counts =
        driver.createOutputTopic(
            Topics.TRACE_SPAN_COUNTS, Serdes.String().deserializer(), Serdes.Long().deserializer());
    deadLetters =
        driver.createOutputTopic(
            Topics.DEAD_LETTER, Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
    summaries =
        driver.createOutputTopic(
            Topics.TRACE_SUMMARIES,
            Serdes.String().deserializer(),
            JsonSerde.of(TraceSummary.class).deserializer());
    red =
        driver.createOutputTopic(
            Topics.RED_MINUTE,
            Serdes.String().deserializer(),
            JsonSerde.of(RedMinute.class).deserializer());
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  static Span span(
      String trace, int id, int parent, String name, Instant start, long millis, boolean error) {
    Span.Builder b =
        Span.newBuilder()
            .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(trace)))
            .setSpanId(ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 0, (byte) id}))
            .setName(name)
            .setStartTimeUnixNano(nanos(start))
            .setEndTimeUnixNano(nanos(start) + millis * 1_000_000);
    if (parent > 0) {
      b.setParentSpanId(ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 0, (byte) parent}));
    }
    if (error) {
      b.setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR));
    }
    return b.build();
  }

  static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  static Resource resource(String service, Map<String, String> more) {
    Resource.Builder r = Resource.newBuilder().addAttributes(kv("service.name", service));
    more.forEach((k, v) -> r.addAttributes(kv(k, v)));
    return r.build();
  }

  static KeyValue kv(String k, String v) {
    return KeyValue.newBuilder()
        .setKey(k)
        .setValue(AnyValue.newBuilder().setStringValue(v))
        .build();
  }

  static byte[] fragment(Resource resource, Span... spanList) {
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(resource)
                .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(List.of(spanList))))
        .build()
        .toByteArray();
  }

  static byte[] logFragment(String service, int... severities) {
    ScopeLogs.Builder sl = ScopeLogs.newBuilder();
    for (int s : severities) {
      sl.addLogRecords(
          LogRecord.newBuilder()
              .setTraceId(ByteString.copyFrom(HexFormat.of().parseHex(TRACE)))
              .setSeverityNumberValue(s));
    }
    return ExportLogsServiceRequest.newBuilder()
        .addResourceLogs(
            ResourceLogs.newBuilder().setResource(resource(service, Map.of())).addScopeLogs(sl))
        .build()
        .toByteArray();
  }

  @Test
  void should_countSpansPerTenantAndTrace() {
    Resource r = resource("cart", Map.of());
    spans.pipeInput(
        "acme|t1",
        fragment(r, span(TRACE, 1, 0, "a", T0, 5, false), span(TRACE, 2, 1, "b", T0, 5, false)),
        T0);
    spans.pipeInput("acme|t1", fragment(r, span(TRACE, 3, 1, "c", T0, 5, false)), T0);
    spans.pipeInput("other|t1", fragment(r, span(TRACE, 1, 0, "a", T0, 5, false)), T0);

    assertThat(counts.readKeyValuesToMap())
        .containsEntry("acme|t1", 3L)
        .containsEntry("other|t1", 1L)
        .hasSize(2);
  }

  @Test
  void should_deadLetterPoison_ofBothSignals_andKeepGoing() {
    spans.pipeInput("acme|" + TRACE, new byte[] {(byte) 0xff, 0x01, 0x02}, T0);
    logs.pipeInput("acme|" + TRACE, new byte[] {(byte) 0xff, 0x7f}, T0);
    spans.pipeInput(
        "acme|" + TRACE,
        fragment(resource("cart", Map.of()), span(TRACE, 1, 0, "a", T0, 5, false)),
        T0);

    List<TestRecord<String, byte[]>> dead = deadLetters.readRecordsToList();
    assertThat(dead).hasSize(2);
    assertThat(RecordHeaders.read(dead.get(0).headers(), RecordHeaders.DLQ_REASON))
        .hasValueSatisfying(v -> assertThat(v).contains("unparseable span fragment"));
    assertThat(RecordHeaders.read(dead.get(1).headers(), RecordHeaders.DLQ_REASON))
        .hasValueSatisfying(v -> assertThat(v).contains("unparseable log fragment"));
    assertThat(counts.readKeyValuesToMap()).containsEntry("acme|" + TRACE, 1L);
  }

  @Test
  void should_summarizeSpansAndLogsOfATrace_onceTheSessionCloses() {
    String key = "acme|" + TRACE;
    Resource front = resource("frontend", Map.of("cloud.region", "eu-west-1"));
    Resource cart =
        resource("cart", Map.of("cloud.region", "us-east-1", "obsera.probe.region", "ap-south"));
    spans.pipeInput(key, fragment(front, span(TRACE, 1, 0, "GET /cart", T0, 120, false)), T0);
    driver.advanceWallClockTime(Duration.ofSeconds(5));
    logs.pipeInput(key, logFragment("cart", 9, 17, 17), T0.plusSeconds(5));
    driver.advanceWallClockTime(Duration.ofSeconds(5));
    spans.pipeInput(
        key,
        fragment(cart, span(TRACE, 2, 1, "SELECT", T0.plusMillis(10), 50, true)),
        T0.plusSeconds(10));
    driver.advanceWallClockTime(GAP.minusSeconds(1));
    assertThat(summaries.isEmpty())
        .as("session still open: its last record came 29 s ago")
        .isTrue();

    // No other traffic at all: wall-clock time alone closes the session.
    driver.advanceWallClockTime(Duration.ofSeconds(2));

    List<TestRecord<String, TraceSummary>> out = summaries.readRecordsToList();
    assertThat(out).hasSize(1);
    TraceSummary s = out.get(0).value();
    assertThat(out.get(0).key()).isEqualTo(key);
    assertThat(s.tenantId()).isEqualTo("acme");
    assertThat(s.traceId()).isEqualTo(TRACE);
    assertThat(s.spanCount()).isEqualTo(2);
    assertThat(s.errorCount()).isEqualTo(1);
    assertThat(s.rootService()).isEqualTo("frontend");
    assertThat(s.rootOperation()).isEqualTo("GET /cart");
    assertThat(s.startNanos()).isEqualTo(nanos(T0));
    assertThat(s.endNanos()).isEqualTo(nanos(T0) + 120_000_000L);
    assertThat(s.logCounts()).containsEntry("info", 1L).containsEntry("error", 2L);
    assertThat(s.services()).containsExactly("cart", "frontend");
    assertThat(s.regions()).containsExactly("ap-south", "eu-west-1");
    driver.advanceWallClockTime(GAP.multipliedBy(3));
    assertThat(summaries.isEmpty()).as("a closed session is emitted once").isTrue();
  }

  @Test
  void should_keepASessionOpen_whileItsTraceKeepsArriving_andCloseEachTraceOnItsOwn() {
    Resource r = resource("cart", Map.of());
    String a = "acme|" + TRACE;
    String b = "acme|" + "7".repeat(32);
    for (int i = 1; i <= 4; i++) {
      spans.pipeInput(a, fragment(r, span(TRACE, i, i - 1, "op" + i, T0, 10, false)), T0);
      driver.advanceWallClockTime(GAP.minusSeconds(10));
    }
    spans.pipeInput(b, fragment(r, span("7".repeat(32), 1, 0, "b", T0, 10, false)), T0);
    assertThat(summaries.isEmpty()).as("trace a was active every 20 s").isTrue();

    driver.advanceWallClockTime(Duration.ofSeconds(11));
    List<TestRecord<String, TraceSummary>> first = summaries.readRecordsToList();
    assertThat(first).extracting(TestRecord::key).containsExactly(a);
    assertThat(first.get(0).value().spanCount()).isEqualTo(4);
    driver.advanceWallClockTime(GAP);
    assertThat(summaries.readRecordsToList()).extracting(TestRecord::key).containsExactly(b);
  }

  @Test
  void should_openANewSession_forARecordAfterTheSessionClosed_soSummariesMerge() {
    String key = "acme|" + TRACE;
    Resource r = resource("cart", Map.of());
    spans.pipeInput(key, fragment(r, span(TRACE, 1, 0, "root", T0, 10, false)), T0);
    driver.advanceWallClockTime(GAP.plusSeconds(5));
    spans.pipeInput(
        key,
        fragment(r, span(TRACE, 2, 1, "late child", T0.plusMillis(5), 10, true)),
        T0.plus(GAP).plusSeconds(5));
    driver.advanceWallClockTime(GAP.plusSeconds(1));

    List<TraceSummary> out =
        summaries.readRecordsToList().stream()
            .filter(rec -> rec.key().equals(key))
            .map(TestRecord::value)
            .toList();
    assertThat(out).hasSize(2);
    TraceSummary merged = out.get(0).merge(out.get(1));
    assertThat(merged.spanCount()).isEqualTo(2);
    assertThat(merged.errorCount()).isEqualTo(1);
    assertThat(merged.rootOperation()).isEqualTo("root");
    assertThat(out.get(1).rootOperation()).as("the late session alone has no root").isEmpty();
  }

  @Test
  void should_rollUpRequestsErrorsAndLatency_perSeriesAndMinute_byRegion() {
    Resource eu = resource("checkout", Map.of("cloud.region", "eu-west-1"));
    Resource probe =
        resource("checkout", Map.of("cloud.region", "eu-west-1", "obsera.probe.region", "us-east"));
    spans.pipeInput(
        "acme|" + TRACE,
        fragment(
            eu,
            span(TRACE, 1, 0, "POST /pay", T0.plusSeconds(1), 100, false),
            span(TRACE, 2, 0, "POST /pay", T0.plusSeconds(2), 300, true)),
        T0.plusSeconds(3));
    spans.pipeInput(
        "acme|" + "3".repeat(32),
        fragment(probe, span("3".repeat(32), 1, 0, "POST /pay", T0.plusSeconds(4), 50, false)),
        T0.plusSeconds(5));
    assertThat(red.isEmpty()).as("the minute is still open").isTrue();
    // Wall-clock time passes the minute's end plus the grace (30 s): it closes with no more spans.
    driver.advanceWallClockTime(Duration.ofSeconds(95));

    Map<String, RedMinute> out = red.readKeyValuesToMap();
    RedMinute euMinute = out.get("acme|checkout\u001fPOST /pay\u001feu-west-1");
    assertThat(euMinute.count()).isEqualTo(2);
    assertThat(euMinute.errors()).isEqualTo(1);
    assertThat(euMinute.minuteStartMillis()).isEqualTo(T0.toEpochMilli());
    assertThat(euMinute.durationSumNanos()).isEqualTo(400_000_000L);
    assertThat(euMinute.buckets()[LatencyBuckets.index(100_000_000L)]).isEqualTo(1);
    assertThat(euMinute.buckets()[LatencyBuckets.index(300_000_000L)]).isEqualTo(1);
    RedMinute probed = out.get("acme|checkout\u001fPOST /pay\u001fus-east");
    assertThat(probed.count()).as("the probe region wins over the cloud region").isEqualTo(1);
  }

  @Test
  void should_emitLateSpansAsAnotherRowOfTheirMinute_neverDrop() {
    Resource eu = resource("checkout", Map.of("cloud.region", "eu-west-1"));
    spans.pipeInput(
        "acme|" + TRACE,
        fragment(eu, span(TRACE, 1, 0, "GET /", T0.plusSeconds(10), 20, false)),
        T0.plusSeconds(11));
    driver.advanceWallClockTime(Duration.ofMinutes(5));
    assertThat(red.readValuesToList()).extracting(RedMinute::count).containsExactly(1L);

    // A span of that minute arrives five minutes late, on another trace (another partition's
    // stream time would have closed an event-time window long ago).
    spans.pipeInput(
        "acme|" + "5".repeat(32),
        fragment(eu, span("5".repeat(32), 1, 0, "GET /", T0.plusSeconds(50), 40, true)),
        T0.plusSeconds(300));
    driver.advanceWallClockTime(Duration.ofSeconds(10));
    List<RedMinute> late = red.readValuesToList();
    assertThat(late).hasSize(1);
    assertThat(late.get(0).minuteStartMillis()).isEqualTo(T0.toEpochMilli());
    assertThat(late.get(0).count()).isEqualTo(1);
    assertThat(late.get(0).errors()).isEqualTo(1);
    driver.advanceWallClockTime(Duration.ofMinutes(5));
    assertThat(red.isEmpty()).as("emitted minutes are forgotten").isTrue();
  }

  @Test
  void should_meterUsagePerTenantAndHourOfArrival() {
    TestInputTopic<String, byte[]> metrics =
        driver.createInputTopic(
            Topics.OTLP_METRICS, Serdes.String().serializer(), Serdes.ByteArray().serializer());
    TestOutputTopic<String, io.obsera.model.facts.Usage> usage =
        driver.createOutputTopic(
            Topics.USAGE_HOURLY,
            Serdes.String().deserializer(),
            JsonSerde.of(io.obsera.model.facts.Usage.class).deserializer());
    byte[] twoSpans =
        fragment(
            resource("cart", Map.of()),
            span(TRACE, 1, 0, "a", T0, 1, false),
            span(TRACE, 2, 1, "b", T0, 1, false));
    spans.pipeInput("acme|" + TRACE, twoSpans, T0.plusSeconds(60));
    logs.pipeInput("acme|" + TRACE, logFragment("cart", 9, 9, 9), T0.plusSeconds(61));
    metrics.pipeInput(
        "acme|m:1:cpu",
        io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest.newBuilder()
            .addResourceMetrics(
                io.opentelemetry.proto.metrics.v1.ResourceMetrics.newBuilder()
                    .addScopeMetrics(
                        io.opentelemetry.proto.metrics.v1.ScopeMetrics.newBuilder()
                            .addMetrics(
                                io.opentelemetry.proto.metrics.v1.Metric.newBuilder()
                                    .setName("cpu")
                                    .setGauge(
                                        io.opentelemetry.proto.metrics.v1.Gauge.newBuilder()
                                            .addDataPoints(
                                                io.opentelemetry.proto.metrics.v1.NumberDataPoint
                                                    .newBuilder()
                                                    .setAsDouble(1))
                                            .addDataPoints(
                                                io.opentelemetry.proto.metrics.v1.NumberDataPoint
                                                    .newBuilder()
                                                    .setAsDouble(2))))))
            .build()
            .toByteArray(),
        T0.plusSeconds(62));
    spans.pipeInput("other|" + TRACE, twoSpans, T0.plusSeconds(63));

    Map<String, io.obsera.model.facts.Usage> latest = usage.readKeyValuesToMap();
    io.obsera.model.facts.Usage acme = latest.get("acme|usage");
    assertThat(acme.tenantId()).isEqualTo("acme");
    assertThat(acme.hourStartMillis()).isEqualTo(T0.toEpochMilli());
    assertThat(acme.spans()).isEqualTo(2);
    assertThat(acme.logs()).isEqualTo(3);
    assertThat(acme.metricPoints()).isEqualTo(2);
    assertThat(acme.bytes()).isGreaterThan(twoSpans.length);
    assertThat(latest.get("other|usage").spans()).isEqualTo(2);
  }

  @Test
  void should_nameEveryProcessorStoreAndRepartition() {
    String description =
        StreamsParts.of(GAP, GRACE, TestControlKeys.verifier()).build().describe().toString();
    assertThat(description)
        .contains(
            "spans-source",
            "parse-span-fragment",
            "sum-spans",
            TraceRedUsageTopology.COUNT_STORE,
            TraceRedUsageTopology.TRACE_SESSION_STORE,
            TraceRedUsageTopology.TRACE_IDLE_INDEX,
            "trace-sessions",
            TraceRedUsageTopology.RED_STORE,
            TraceRedUsageTopology.USAGE_STORE,
            "usage-by-tenant-repartition",
            "trace-summaries-sink",
            "red-rollup",
            "red-minute-sink")
        .doesNotContain("KSTREAM-", "KTABLE-", "KSTREAM_");
  }
}
