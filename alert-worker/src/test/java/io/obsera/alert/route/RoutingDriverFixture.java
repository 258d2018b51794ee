package io.obsera.alert.route;

import io.obsera.alert.outbox.OutboxRecord;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.alert.AlertEvent;
import io.obsera.model.alert.AlertSource;
import io.obsera.model.alert.AlertState;
import io.obsera.model.alert.Severity;
import io.obsera.model.alert.channel.ChannelType;
import io.obsera.model.control.AlertRoute;
import io.obsera.model.control.AlertRouting;
import io.obsera.model.control.ChannelRecord;
import io.obsera.model.control.LabelMatcher;
import io.obsera.model.control.Silence;
import io.obsera.platform.kafka.JsonSerde;
import io.obsera.testing.ManualClock;
import io.obsera.testing.TestControlKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The routing topology under a test driver whose wall clock and the injected {@link ManualClock}
 * move together ({@link #advance}), with helpers for alert events, channels, routing and silences.
 */
abstract class RoutingDriverFixture {
  static final Instant T0 = Instant.parse("2026-11-27T03:00:00Z");
  static final String TENANT = "acme";
  static final Duration WAIT = Duration.ofMillis(AlertRouting.DEFAULT_GROUP_WAIT_MS);
  static final Duration INTERVAL = Duration.ofMillis(AlertRouting.DEFAULT_GROUP_INTERVAL_MS);
  static final Duration REPEAT = Duration.ofMillis(AlertRouting.DEFAULT_REPEAT_INTERVAL_MS);

  ManualClock clock;
  RoutingTopology routing;
  TopologyTestDriver driver;
  TestInputTopic<String, byte[]> events;
  TestInputTopic<String, byte[]> channels;
  TestInputTopic<String, byte[]> routings;
  TestInputTopic<String, byte[]> silences;
  TestOutputTopic<String, OutboxRecord> outbox;
  private final Map<String, Long> sequences = new HashMap<>();

  @BeforeEach
  void startDriver() {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "routing-test");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    clock = new ManualClock(T0);
    routing =
        new RoutingTopology(
            new RoutingConfig(
                Duration.ofSeconds(1), "https://obsera.example.com/", Duration.ofDays(7)),
            clock,
            TestControlKeys.verifier());
    StreamsBuilder b = new StreamsBuilder();
    routing.addTo(b);
    driver = new TopologyTestDriver(b.build(), p, T0);
    events = input(Topics.ALERT_EVENTS);
    channels = input(Topics.CONTROL_CHANNELS);
    routings = input(Topics.CONTROL_ALERT_ROUTING);
    silences = input(Topics.CONTROL_SILENCES);
    outbox =
        driver.createOutputTopic(
            Topics.ALERT_NOTIFICATIONS,
            Serdes.String().deserializer(),
            JsonSerde.of(OutboxRecord.class).deserializer());
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  private TestInputTopic<String, byte[]> input(String topic) {
    return driver.createInputTopic(
        topic, Serdes.String().serializer(), Serdes.ByteArray().serializer());
  }

  /** Moves the injected clock and the driver's wall clock (which runs the tick) together. */
  void advance(Duration d) {
    clock.advance(d);
    driver.advanceWallClockTime(d);
  }

  /** Moves both clocks to {@code T0 + offset}. */
  void at(Duration offset) {
    advance(Duration.between(clock.instant(), T0.plus(offset)));
  }

  static byte[] json(Object o) {
    try {
      return Json.MAPPER.writeValueAsBytes(o);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  void channel(String id) {
    ChannelRecord c =
        new ChannelRecord(
            TENANT,
            id,
            id,
            ChannelType.WEBHOOK,
            Json.MAPPER.createObjectNode().put("url", "https://hooks.example.com/" + id),
            Map.of(),
            T0,
            T0,
            "test");
    channels.pipeInput(TestControlKeys.record(Topics.CONTROL_CHANNELS, c.key(), json(c), null));
  }

  void routing(List<AlertRoute> routes, List<String> defaultChannels) {
    AlertRouting r =
        new AlertRouting(TENANT, routes, defaultChannels, null, null, null, null, null, T0, "test");
    routings.pipeInput(TestControlKeys.record(Topics.CONTROL_ALERT_ROUTING, TENANT, json(r), null));
  }

  static AlertRoute route(
      List<LabelMatcher> matchers, List<String> channels, boolean continueMatching) {
    return new AlertRoute(matchers, channels, null, null, null, null, continueMatching);
  }

  void silence(String id, Instant startsAt, Instant endsAt, LabelMatcher... matchers) {
    Silence s = new Silence(TENANT, id, List.of(matchers), startsAt, endsAt, "test", T0, T0, "t");
    silences.pipeInput(TestControlKeys.record(Topics.CONTROL_SILENCES, s.key(), json(s), null));
  }

  /** The next event of alert {@code fp} (sequence counted per fingerprint). */
  AlertEvent fire(String fp, Severity severity, Map<String, String> labels) {
    return send(fp, severity, AlertState.FIRING, labels, T0);
  }

  AlertEvent resolve(String fp, Severity severity, Map<String, String> labels) {
    return send(fp, severity, AlertState.RESOLVED, labels, T0);
  }

  AlertEvent send(
      String fp, Severity severity, AlertState state, Map<String, String> labels, Instant starts) {
    long seq = sequences.merge(fp + starts, 1L, Long::sum);
    Map<String, String> all = new HashMap<>(labels);
    all.put("severity", severity.name().toLowerCase(Locale.ROOT));
    all.put("source", "burn_rate");
    AlertEvent e =
        new AlertEvent(
            TENANT,
            fp,
            all.getOrDefault("rule", "rule-1"),
            "checkout availability",
            AlertSource.BURN_RATE,
            severity,
            state,
            seq,
            all,
            "Burn rate 20.0 over 1h and 19.0 over 5m",
            20.0,
            14.4,
            starts,
            state == AlertState.RESOLVED ? clock.instant() : null,
            clock.instant());
    replay(e);
    return e;
  }

  void replay(AlertEvent e) {
    events.pipeInput(e.key(), json(e));
  }

  List<OutboxRecord> drain() {
    return outbox.readValuesToList();
  }
}
