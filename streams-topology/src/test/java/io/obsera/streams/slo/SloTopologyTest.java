package io.obsera.streams.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.control.SloDefinition;
import io.obsera.model.control.SloKind;
import io.obsera.model.control.SloPeriod;
import io.obsera.streams.topology.EngineTopology;
import io.obsera.streams.topology.JsonSerde;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SLIs and burn rates with synthetic span times and a driven wall clock. The driver starts at
 * {@link #T0} (10:00:00); counts flush every 5 s and burn rates are emitted every 60 s, so the
 * first emission is at 10:01:00 and its 5m window is the five minutes 09:56 to 10:00.
 */
class SloTopologyTest {
  static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  static final Duration FLUSH = Duration.ofSeconds(5);
  static final Duration BURN = Duration.ofSeconds(60);
  static final String TENANT = "acme";
  static final double EPS = 1e-9;

  private SloTopology slo;
  private TopologyTestDriver driver;
  private TestInputTopic<String, byte[]> spans;
  private TestInputTopic<String, byte[]> definitions;
  private TestOutputTopic<String, SliDelta> sli;
  private TestOutputTopic<String, BurnRates> burn;
  private int trace;

  @BeforeEach
  void setUp() {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "slo-test");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    slo = new SloTopology(new SloConfig(FLUSH, BURN), Clock.fixed(T0, ZoneOffset.UTC));
    Duration d = Duration.ofSeconds(30);
    driver = new TopologyTestDriver(new EngineTopology(d, d, d, slo).get(), p, T0);
    spans =
        driver.createInputTopic(
            Topics.OTLP_SPANS, Serdes.String().serializer(), Serdes.ByteArray().serializer());
    definitions =
        driver.createInputTopic(
            Topics.CONTROL_SLOS, Serdes.String().serializer(), Serdes.ByteArray().serializer());
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
    definitions.pipeInput(s.key(), Json.MAPPER.writeValueAsBytes(s), T0);
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
    driver.advanceWallClockTime(d);
  }

  /** Flushes the counts, then reaches the next burn emission. */
  List<BurnRates> flushAndEmit() {
    advance(FLUSH);
    advance(BURN.minus(FLUSH));
    return burn.readValuesToList();
  }

  // --- tests -----------------------------------------------------------------------------------

  @Test
  void should_burnAt20_onTheHourWindow_forA999Slo_with2PercentErrors() throws Exception {
    define(availability("checkout", 0.999));
    for (int k = 0; k < 60; k++) {
      traffic(k, 100, 2);
    }

    List<BurnRates> out = flushAndEmit();

    List<SliDelta> counts = sli.readValuesToList();
    assertThat(counts).hasSize(60);
    assertThat(counts.stream().mapToLong(SliDelta::total).sum()).isEqualTo(6000);
    assertThat(counts.stream().mapToLong(SliDelta::good).sum()).isEqualTo(5880);
    assertThat(out).singleElement();
    BurnRates b = out.get(0);
    assertThat(b.timeMillis()).isEqualTo(T0.plus(BURN).toEpochMilli());
    assertThat(b.burn1h()).isCloseTo(20.0, within(EPS));
    assertThat(b.burn5m()).isCloseTo(20.0, within(EPS));
    assertThat(b.burn3d()).isCloseTo(20.0, within(EPS));
    assertThat(b.budgetRemaining()).isCloseTo(1 - 120 / (0.001 * 6000), within(EPS));
    assertThat(b.objective()).isEqualTo(0.999);
  }

  @Test
  void should_computeEveryWindow_andTheBudget_asByHand() throws Exception {
    define(availability("checkout", 0.99));
    for (int k = 0; k < 5; k++) {
      traffic(k, 100, 10); // 5m: 500 spans, 50 bad
    }
    for (int k = 5; k < 30; k++) {
      traffic(k, 100, 2); // to 30m: 2500 more, 50 bad
    }
    for (int k = 30; k < 60; k++) {
      traffic(k, 100, 0); // to 1h: 3000 more, none bad
    }
    for (int k = 60; k < 120; k++) {
      traffic(k, 100, 1); // to 2h: 6000 more, 60 bad
    }
    traffic(1000, 1000, 100); // 16.7 h ago
    traffic(2000, 1000, 500); // 33 h ago
    traffic(5 * 1440, 1000, 1000); // 5 days ago: past the 3d ring, inside the 30-day period

    BurnRates b = flushAndEmit().get(0);

    assertThat(b.burn5m()).isCloseTo(50.0 / 500 / 0.01, within(EPS)); // 10
    assertThat(b.burn30m()).isCloseTo(100.0 / 3000 / 0.01, within(EPS)); // 3.33
    assertThat(b.burn1h()).isCloseTo(100.0 / 6000 / 0.01, within(EPS)); // 1.67
    assertThat(b.burn2h()).isCloseTo(160.0 / 12000 / 0.01, within(EPS)); // 1.33
    assertThat(b.burn6h()).isCloseTo(160.0 / 12000 / 0.01, within(EPS));
    assertThat(b.burn1d()).isCloseTo(260.0 / 13000 / 0.01, within(EPS)); // 2
    assertThat(b.burn3d()).isCloseTo(760.0 / 14000 / 0.01, within(EPS)); // 5.43
    assertThat(b.periodTotal()).isEqualTo(15000);
    assertThat(b.periodGood()).isEqualTo(15000 - 1760);
    assertThat(b.budgetRemaining()).isCloseTo(1 - 1760 / (0.01 * 15000), within(EPS)); // -10.7
  }

  @Test
  void should_countLatency_byThreshold_andOnlyMatchingSpans() throws Exception {
    SloDefinition latency =
        new SloDefinition(
            TENANT,
            "checkout-fast",
            "fast checkout",
            SloKind.LATENCY,
            "checkout",
            "POST /checkout",
            "SERVER",
            100.0,
            0.9,
            SloPeriod.CALENDAR_MONTH,
            T0,
            T0,
            "test");
    define(latency);
    Instant t = minutesAgo(0);
    send(
        "checkout",
        List.of(
            SloSpansTest.span("POST /checkout", t, 50, false),
            SloSpansTest.span("POST /checkout", t, 100, false), // at the threshold: good
            SloSpansTest.span("POST /checkout", t, 150, false), // slow: bad
            SloSpansTest.span("POST /checkout", t, 10, true), // fast error: good for latency
            SloSpansTest.span("GET /cart", t, 500, false), // other operation
            SloSpansTest.span("POST /checkout", t, 500, false).toBuilder()
                .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                .build())); // other kind
    send("payments", List.of(SloSpansTest.span("POST /checkout", t, 500, false)));

    BurnRates b = flushAndEmit().get(0);

    assertThat(sli.readKeyValuesToList())
        .containsExactly(
            KeyValue.pair(
                latency.key(), new SliDelta(TENANT, "checkout-fast", t.toEpochMilli(), 3, 4)));
    assertThat(b.burn5m()).isCloseTo(0.25 / 0.1, within(EPS));
    assertThat(b.periodTotal()).isEqualTo(4);
  }

  @Test
  void should_keepEmitting_andDecayToZero_whenTrafficStops() throws Exception {
    define(availability("checkout", 0.999));
    for (int k = 0; k < 60; k++) {
      traffic(k, 100, 2);
    }
    assertThat(flushAndEmit().get(0).burn1h()).isCloseTo(20.0, within(EPS));

    advance(Duration.ofMinutes(60)); // now 11:01: the errors are 1 to 2 hours old
    List<BurnRates> hourLater = burn.readValuesToList();
    assertThat(hourLater).singleElement();
    BurnRates h = hourLater.get(0);
    assertThat(h.burn5m()).isZero();
    assertThat(h.burn1h()).isZero();
    assertThat(h.burn2h()).isCloseTo(20.0, within(EPS));
    assertThat(h.burn6h()).isCloseTo(20.0, within(EPS));

    advance(Duration.ofDays(3)); // every window has passed them; the 30-day budget has not
    BurnRates later = burn.readValuesToList().get(0);
    assertThat(
            List.of(
                later.burn5m(),
                later.burn30m(),
                later.burn1h(),
                later.burn2h(),
                later.burn6h(),
                later.burn1d(),
                later.burn3d()))
        .containsOnly(0.0);
    assertThat(later.budgetRemaining()).isCloseTo(-19.0, within(EPS));

    for (int i = 0; i < 3; i++) {
      advance(BURN);
    }
    assertThat(burn.readValuesToList()).hasSize(3);
  }

  @Test
  void should_addLateSpans_toTheirMinute() throws Exception {
    define(availability("checkout", 0.99));
    traffic(0, 100, 0);
    assertThat(flushAndEmit().get(0).burn30m()).isZero();

    traffic(10, 25, 25); // ten minutes late, in two flushes of the same minute
    advance(FLUSH);
    traffic(10, 75, 25);
    traffic(4 * 1440, 100, 100); // four days late: older than the 3d ring, inside the period
    List<BurnRates> out = flushAndEmit(); // now 10:02

    BurnRates b = out.get(0);
    assertThat(b.burn30m()).isCloseTo(50.0 / 200 / 0.01, within(EPS));
    assertThat(b.burn5m()).isZero();
    assertThat(b.burn3d()).isCloseTo(50.0 / 200 / 0.01, within(EPS));
    assertThat(b.periodTotal()).isEqualTo(300);
    assertThat(b.periodGood()).isEqualTo(150);
    List<SliDelta> deltas = sli.readValuesToList();
    assertThat(deltas)
        .filteredOn(d -> d.minuteStartMillis() == minutesAgo(10).toEpochMilli())
        .extracting(SliDelta::good, SliDelta::total)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0L, 25L),
            org.assertj.core.groups.Tuple.tuple(50L, 75L));
    assertThat(deltas).anyMatch(d -> d.minuteStartMillis() == minutesAgo(4 * 1440).toEpochMilli());
  }

  @Test
  void should_ignoreAndCount_spansOlderThanAnyPeriod_orFarAhead_ofTheInjectedClock()
      throws Exception {
    define(availability("checkout", 0.99));
    traffic(0, 10, 0);
    traffic(36 * 1440, 7, 7); // 36 days before the clock's now
    traffic(-61, 3, 3); // 61 minutes after it

    BurnRates b = flushAndEmit().get(0);

    assertThat(slo.ignoredSpans()).isEqualTo(10);
    assertThat(sli.readValuesToList()).extracting(SliDelta::total).containsExactly(10L);
    assertThat(b.periodTotal()).isEqualTo(10);
    assertThat(b.burn5m()).isZero();
  }

  @Test
  void should_stopEmitting_andDropState_whenAnSloIsDeleted() throws Exception {
    SloDefinition gone = availability("gone", 0.99);
    SloDefinition kept = availability("kept", 0.99);
    define(gone);
    define(kept);
    traffic(0, 100, 10);
    assertThat(flushAndEmit())
        .extracting(BurnRates::sloId)
        .containsExactlyInAnyOrder("gone", "kept");
    KeyValueStore<String, Object> ring = driver.getKeyValueStore(SloTopology.RING_STORE);
    assertThat(keys(ring)).anyMatch(k -> k.startsWith(gone.key() + "|"));

    definitions.pipeInput(gone.key(), null, T0);
    traffic(0, 100, 0);
    List<BurnRates> after = flushAndEmit();

    assertThat(after).extracting(BurnRates::sloId).containsExactly("kept");
    assertThat(sli.readValuesToList())
        .extracting(SliDelta::sloId)
        .containsOnly("gone", "kept")
        .last()
        .isEqualTo("kept");
    assertThat(keys(ring)).noneMatch(k -> k.startsWith(gone.key() + "|"));
    assertThat(keys(driver.getKeyValueStore(SloTopology.REGISTRY_STORE)))
        .containsExactly(kept.key());

    advance(BURN);
    assertThat(burn.readValuesToList()).extracting(BurnRates::sloId).containsExactly("kept");
  }

  @Test
  void should_keepMalformedAndInvalidDefinitions_outOfTheGlobalStore() throws Exception {
    SloDefinition valid = availability("checkout", 0.999);
    define(valid);
    SloDefinition invalid = availability("too-high", 1.5);
    definitions.pipeInput(invalid.key(), Json.MAPPER.writeValueAsBytes(invalid), T0);
    definitions.pipeInput(TENANT + "|garbage", new byte[] {(byte) 0xff, '{', 0}, T0);
    definitions.pipeInput(TENANT + "|wrong-key", Json.MAPPER.writeValueAsBytes(valid), T0);
    SloDefinition brokenUpdate = availability("checkout", 0);
    definitions.pipeInput(valid.key(), Json.MAPPER.writeValueAsBytes(brokenUpdate), T0);

    KeyValueStore<String, SloDefinition> store =
        driver.getKeyValueStore(SloTopology.DEFINITIONS_STORE);
    assertThat(store.get(invalid.key())).isNull();
    assertThat(store.get(TENANT + "|garbage")).isNull();
    assertThat(store.get(TENANT + "|wrong-key")).isNull();
    assertThat(store.get(valid.key())).isEqualTo(valid);
    assertThat(keys(store)).containsExactly(valid.key());
    assertThat(slo.skippedDefinitions()).isEqualTo(4);

    traffic(0, 10, 1);
    flushAndEmit();
    assertThat(sli.readValuesToList()).extracting(SliDelta::sloId).containsExactly("checkout");
  }

  @Test
  void should_nameEveryNode_storeAndRepartition() {
    String description =
        new EngineTopology(Duration.ofSeconds(1), Duration.ZERO, Duration.ZERO, slo)
            .get()
            .describe()
            .toString();
    assertThat(description)
        .contains(
            "slo-definitions-source",
            "slo-definitions",
            SloTopology.DEFINITIONS_STORE,
            SloTopology.PENDING_STORE,
            SloTopology.RING_STORE,
            SloTopology.REGISTRY_STORE,
            "slo-sli-count",
            SloTopology.REPARTITION + "-repartition",
            "slo-burn-rates",
            "slo-sli-minute-sink",
            "slo-burn-rates-sink")
        .doesNotContain("KSTREAM-", "KTABLE-", "KSTREAM_");
  }

  static <V> List<String> keys(KeyValueStore<String, V> store) {
    List<String> out = new ArrayList<>();
    try (var it = store.all()) {
      it.forEachRemaining(kv -> out.add(kv.key));
    }
    return out;
  }
}
