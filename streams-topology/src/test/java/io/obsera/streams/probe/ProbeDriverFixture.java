package io.obsera.streams.probe;

import com.google.protobuf.ByteString;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.control.EndpointDefinition;
import io.obsera.model.control.MaintenanceWindow;
import io.obsera.model.probe.CheckOutcome;
import io.obsera.model.probe.HealthCheck;
import io.obsera.model.probe.OutageEvent;
import io.obsera.model.probe.ProbeAttributes;
import io.obsera.platform.kafka.JsonSerde;
import io.obsera.streams.StreamsParts;
import io.obsera.streams.slo.SloConfig;
import io.obsera.testing.TestControlKeys;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The streams-topology application (StreamsParts) under a test driver, with probe helpers: endpoint
 * definitions, probe spans as an agent reports them (one fragment per check and region), and a
 * driven wall clock starting at {@link #T0}. The outage tick runs every {@link #TICK} of wall-clock
 * time.
 */
abstract class ProbeDriverFixture {
  static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  static final Duration TICK = Duration.ofSeconds(1);
  static final String TENANT = "acme";
  static final List<String> REGIONS = List.of("ap-south", "eu-west", "us-east");

  ProbeTopology probes;
  TopologyTestDriver driver;
  TestInputTopic<String, byte[]> spans;
  TestInputTopic<String, byte[]> endpoints;
  TestOutputTopic<String, HealthCheck> checks;
  TestOutputTopic<String, OutageEvent> outages;
  TestOutputTopic<String, byte[]> deadLetters;
  private int trace;

  @BeforeEach
  void setUp() {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "probe-test");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    Duration d = Duration.ofSeconds(30);
    StreamsParts parts =
        StreamsParts.of(
            d,
            d,
            new OutageConfig(TICK),
            SloConfig.defaults(),
            Clock.fixed(T0, ZoneOffset.UTC),
            TestControlKeys.verifier());
    probes = parts.probes();
    driver = new TopologyTestDriver(parts.build(), p, T0);
    spans =
        driver.createInputTopic(
            Topics.OTLP_SPANS, Serdes.String().serializer(), Serdes.ByteArray().serializer());
    endpoints =
        driver.createInputTopic(
            Topics.CONTROL_ENDPOINTS,
            Serdes.String().serializer(),
            Serdes.ByteArray().serializer());
    checks =
        driver.createOutputTopic(
            Topics.HEALTH_CHECKS,
            Serdes.String().deserializer(),
            JsonSerde.of(HealthCheck.class).deserializer());
    outages =
        driver.createOutputTopic(
            Topics.OUTAGE_EVENTS,
            Serdes.String().deserializer(),
            JsonSerde.of(OutageEvent.class).deserializer());
    deadLetters =
        driver.createOutputTopic(
            Topics.DEAD_LETTER, Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  /** A valid endpoint probed from {@link #REGIONS}, every {@code intervalMs}. */
  static EndpointDefinition endpoint(
      String id, int quorum, int threshold, long intervalMs, List<MaintenanceWindow> windows) {
    return new EndpointDefinition(
            TENANT,
            id,
            id,
            null,
            "https://" + id + ".example.com/health",
            "GET",
            Map.of(),
            null,
            null,
            null,
            intervalMs,
            1000L,
            REGIONS,
            quorum,
            threshold,
            500.0,
            null,
            windows,
            true,
            T0.minusSeconds(3600),
            T0.minusSeconds(3600),
            "test")
        .withDefaults();
  }

  void define(EndpointDefinition e) throws Exception {
    endpoints.pipeInput(
        TestControlKeys.record(
            Topics.CONTROL_ENDPOINTS, e.key(), Json.MAPPER.writeValueAsBytes(e), T0));
  }

  /** One check of {@code endpoint} from {@code region} at {@code t}, as an agent reports it. */
  void check(String endpoint, String region, CheckOutcome outcome, Instant t) {
    send(region, probeSpan(endpoint, outcome, t));
  }

  /** The same check from every region in {@code regions}. */
  void checkAll(String endpoint, List<String> regions, CheckOutcome outcome, Instant t) {
    regions.forEach(r -> check(endpoint, r, outcome, t));
  }

  void send(String region, Span... list) {
    spans.pipeInput(
        TENANT + "|" + String.format("%032x", ++trace), fragment(region, list).toByteArray(), T0);
  }

  static Span probeSpan(String endpoint, CheckOutcome outcome, Instant t) {
    Span.Builder s =
        Span.newBuilder()
            .setTraceId(ByteString.copyFrom(new byte[16]))
            .setSpanId(ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))
            .setName(endpoint)
            .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
            .setStartTimeUnixNano(nanos(t))
            .setEndTimeUnixNano(nanos(t) + 120_000_000L)
            .addAttributes(attr(ProbeAttributes.ENDPOINT_ID, str(endpoint)))
            .addAttributes(attr(ProbeAttributes.OUTCOME, str(outcome.name())))
            .addAttributes(attr("url.full", str("https://" + endpoint + ".example.com/health")))
            .addAttributes(attr("http.request.method", str("GET")))
            .addAttributes(attr(ProbeAttributes.TOTAL_MS, dbl(120.0)));
    if (outcome == CheckOutcome.DOWN) {
      s.addAttributes(attr("http.response.status_code", AnyValue.newBuilder().setIntValue(503)))
          .addAttributes(attr(ProbeAttributes.ERROR, str("expected 200-299, got 503")));
    } else {
      s.addAttributes(attr("http.response.status_code", AnyValue.newBuilder().setIntValue(200)));
    }
    if (outcome == CheckOutcome.DEGRADED) {
      s.addAttributes(attr(ProbeAttributes.ERROR, str("slower than 500 ms")));
    }
    return s.build();
  }

  static ExportTraceServiceRequest fragment(String region, Span... list) {
    Resource.Builder resource =
        Resource.newBuilder()
            .addAttributes(attr("service.name", str(ProbeAttributes.SERVICE_NAME)))
            .addAttributes(attr(ProbeAttributes.AGENT, str(region + "-1")));
    if (region != null) {
      resource.addAttributes(attr(ProbeAttributes.REGION, str(region)));
    }
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(resource)
                .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(List.of(list))))
        .build();
  }

  static KeyValue.Builder attr(String key, AnyValue.Builder value) {
    return KeyValue.newBuilder().setKey(key).setValue(value);
  }

  static AnyValue.Builder str(String s) {
    return AnyValue.newBuilder().setStringValue(s);
  }

  static AnyValue.Builder dbl(double d) {
    return AnyValue.newBuilder().setDoubleValue(d);
  }

  static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }

  static Instant at(long seconds) {
    return T0.plusSeconds(seconds);
  }
}
