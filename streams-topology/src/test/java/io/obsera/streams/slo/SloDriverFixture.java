package io.obsera.streams.slo;

import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.control.SloDefinition;
import io.obsera.model.control.SloKind;
import io.obsera.model.control.SloPeriod;
import io.obsera.model.facts.BurnRates;
import io.obsera.model.facts.SliDelta;
import io.obsera.model.probe.HealthCheck;
import io.obsera.platform.kafka.JsonSerde;
import io.obsera.streams.StreamsParts;
import io.obsera.streams.probe.OutageConfig;
import io.obsera.testing.ManualClock;
import io.obsera.testing.TestControlKeys;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The streams-topology application (StreamsParts) under a test driver, with the SLO helpers:
 * synthetic span times and a driven wall clock. The driver starts at {@link #T0} (10:00:00); counts
 * flush every 5 s and burn rates are emitted every 60 s, so the first emission is at 10:01:00 and
 * its 5m window is the five minutes 09:56 to 10:00.
 */
abstract class SloDriverFixture {
  static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  static final Duration FLUSH = Duration.ofSeconds(5);
  static final Duration BURN = Duration.ofSeconds(60);
  static final String TENANT = "acme";
  static final double EPS = 1e-9;

  ManualClock clock;
  SloTopology slo;
  TopologyTestDriver driver;
  TestInputTopic<String, byte[]> spans;
  TestInputTopic<String, byte[]> definitions;
  TestInputTopic<String, HealthCheck> checks;
  TestInputTopic<String, byte[]> endpoints;
  TestOutputTopic<String, SliDelta> sli;
  TestOutputTopic<String, BurnRates> burn;
  int trace;

  @BeforeEach
  void setUp() {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "slo-test");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    clock = new ManualClock(T0);
    Duration d = Duration.ofSeconds(30);
    StreamsParts parts =
        StreamsParts.of(
            d,
            d,
            OutageConfig.defaults(),
            new SloConfig(FLUSH, BURN),
            clock,
            TestControlKeys.verifier());
    slo = parts.slos();
    driver = new TopologyTestDriver(parts.build(), p, T0);
    spans =
        driver.createInputTopic(
            Topics.OTLP_SPANS, Serdes.String().serializer(), Serdes.ByteArray().serializer());
    definitions =
        driver.createInputTopic(
            Topics.CONTROL_SLOS, Serdes.String().serializer(), Serdes.ByteArray().serializer());
    checks =
        driver.createInputTopic(
            Topics.HEALTH_CHECKS,
            Serdes.String().serializer(),
            JsonSerde.of(HealthCheck.class).serializer());
    endpoints =
        driver.createInputTopic(
            Topics.CONTROL_ENDPOINTS,
            Serdes.String().serializer(),
            Serdes.ByteArray().serializer());
    sli =
        driver.createOutputTopic(
            Topics.SLO_SLI_MINUTE,
            Serdes.String().deserializer(),
            JsonSerde.of(SliDelta.class).deserializer());
    burn =
        driver.createOutputTopic(
            Topics.SLO_BURN_RATES,
            Serdes.String().deserializer(),
            JsonSerde.of(BurnRates.class).deserializer());
  }

  @AfterEach
  void tearDown() {
    driver.close();
  }

  // --- helpers -------------------------------------------------------------------------------

  static SloDefinition availability(String id, double objective) {
    return new SloDefinition(
        TENANT,
        id,
        id,
        SloKind.AVAILABILITY,
        "checkout",
        null,
        null,
        null,
        objective,
        SloPeriod.ROLLING_30D,
        T0.minusSeconds(3600),
        T0.minusSeconds(3600),
        "test");
  }

  void define(SloDefinition s) throws Exception {
    definitions.pipeInput(
        TestControlKeys.record(Topics.CONTROL_SLOS, s.key(), Json.MAPPER.writeValueAsBytes(s), T0));
  }

  /** The minute starting {@code k} minutes before 10:00. */
  static Instant minutesAgo(long k) {
    return T0.minus(Duration.ofMinutes(k));
  }

  /** {@code total} 10 ms spans of checkout starting in that minute, {@code bad} of them errors. */
  void traffic(long minutesAgo, int total, int bad) {
    List<Span> list = new ArrayList<>();
    for (int i = 0; i < total; i++) {
      list.add(
          SloSpansTest.span("POST /checkout", minutesAgo(minutesAgo).plusMillis(i), 10, i < bad));
    }
    send("checkout", list);
  }

  void send(String service, List<Span> list) {
    spans.pipeInput(
        TENANT + "|" + String.format("%032x", ++trace),
        SloSpansTest.fragment(service, list).toByteArray(),
        T0);
  }

  void advance(Duration d) {
    clock.advance(d);
    driver.advanceWallClockTime(d);
  }

  /** Flushes the counts, then reaches the next burn emission. */
  List<BurnRates> flushAndEmit() {
    advance(FLUSH);
    advance(BURN.minus(FLUSH));
    return burn.readValuesToList();
  }

  static <V> List<String> keys(KeyValueStore<String, V> store) {
    List<String> out = new ArrayList<>();
    try (var it = store.all()) {
      it.forEachRemaining(kv -> out.add(kv.key));
    }
    return out;
  }
}
