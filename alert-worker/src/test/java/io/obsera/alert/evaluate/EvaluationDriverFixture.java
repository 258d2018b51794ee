package io.obsera.alert.evaluate;

import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.alert.AlertEvent;
import io.obsera.model.alert.AlertState;
import io.obsera.model.alert.Severity;
import io.obsera.model.control.AlertRule;
import io.obsera.model.control.AlertRuleKind;
import io.obsera.model.control.AlertSignal;
import io.obsera.model.control.BurnCondition;
import io.obsera.model.control.Comparison;
import io.obsera.model.control.MetricAggregation;
import io.obsera.model.control.SloDefinition;
import io.obsera.model.control.SloKind;
import io.obsera.model.control.SloPeriod;
import io.obsera.platform.kafka.JsonSerde;
import io.obsera.testing.ManualClock;
import io.obsera.testing.TestAlertRules;
import io.obsera.testing.TestControlKeys;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
 * The evaluation topology alone under a TopologyTestDriver, with a {@link ManualClock} that {@link
 * #tick} moves together with the driver's wall-clock time (one evaluation interval per tick).
 */
abstract class EvaluationDriverFixture {
  static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
  static final Duration INTERVAL = Duration.ofSeconds(15);
  static final String TENANT = "acme";

  ManualClock clock;
  EvaluationTopology topology;
  TopologyTestDriver driver;
  TestOutputTopic<String, AlertEvent> alerts;
  final List<AlertEvent> seen = new ArrayList<>();
  private final Map<String, TestInputTopic<String, byte[]>> inputs = new java.util.HashMap<>();

  @BeforeEach
  void startDriver() {
    Properties p = new Properties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, "alert-eval-test");
    p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:9092");
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    clock = new ManualClock(T0);
    topology =
        new EvaluationTopology(
            new EvaluationConfig(INTERVAL, 1, Duration.ofDays(7)),
            clock,
            TestControlKeys.verifier());
    StreamsBuilder builder = new StreamsBuilder();
    topology.addTo(builder);
    driver = new TopologyTestDriver(builder.build(), p, T0);
    alerts =
        driver.createOutputTopic(
            Topics.ALERT_EVENTS,
            Serdes.String().deserializer(),
            JsonSerde.of(AlertEvent.class).deserializer());
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  void pipe(String topic, String key, Object value) {
    try {
      byte[] bytes =
          value == null
              ? null
              : value instanceof byte[] b ? b : Json.MAPPER.writeValueAsBytes(value);
      inputs
          .computeIfAbsent(
              topic,
              t ->
                  driver.createInputTopic(
                      t, Serdes.String().serializer(), Serdes.ByteArray().serializer()))
          .pipeInput(
              topic.startsWith("obsera.control.")
                  ? TestControlKeys.record(topic, key, bytes, clock.instant())
                  : new org.apache.kafka.streams.test.TestRecord<>(
                      key, bytes, null, clock.instant()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  void rule(AlertRule r) {
    pipe(Topics.CONTROL_ALERT_RULES, r.key(), r);
  }

  void slo(SloDefinition s) {
    pipe(Topics.CONTROL_SLOS, s.key(), s);
  }

  /** Moves the clock and the driver's wall-clock time by one evaluation interval. */
  void tick() {
    tick(INTERVAL);
  }

  void tick(Duration d) {
    clock.advance(d);
    driver.advanceWallClockTime(d);
  }

  /** Every alert event emitted since the last call (also kept in {@link #seen}). */
  List<AlertEvent> events() {
    List<AlertEvent> out = new ArrayList<>();
    alerts.readKeyValuesToList().forEach(kv -> out.add(kv.value));
    seen.addAll(out);
    return out;
  }

  List<AlertEvent> events(Severity severity, AlertState state) {
    events();
    return seen.stream().filter(e -> e.severity() == severity && e.state() == state).toList();
  }

  // --- records -----------------------------------------------------------------------------

  static SloDefinition availability(String id, double objective, SloPeriod period) {
    return new SloDefinition(
        TENANT,
        id,
        id + " availability",
        SloKind.AVAILABILITY,
        "checkout",
        null,
        null,
        null,
        objective,
        period,
        T0.minus(Duration.ofDays(40)),
        T0.minus(Duration.ofDays(40)),
        "test");
  }

  static AlertRule burnRule(String id, String sloId, List<BurnCondition> conditions) {
    return TestAlertRules.burn(
        TENANT,
        id,
        sloId,
        conditions,
        null,
        Map.of("team", "payments"),
        T0.minus(Duration.ofDays(1)));
  }

  /** A threshold rule on {@code signal} of service checkout; change it with {@link Rules}. */
  static Rules threshold(String id, AlertSignal signal, Comparison cmp, double threshold) {
    return new Rules(
        new AlertRule(
            TENANT,
            id,
            "threshold " + id,
            AlertRuleKind.THRESHOLD,
            null,
            null,
            null,
            signal,
            null,
            null,
            null,
            signal == AlertSignal.METRIC ? null : "checkout",
            null,
            null,
            null,
            null,
            cmp,
            threshold,
            300_000L,
            0L,
            null,
            null,
            null,
            T0.minus(Duration.ofDays(1)),
            T0,
            "test"));
  }

  /** Copy-and-change helpers for the rule record. */
  record Rules(AlertRule r) {
    Rules with(
        Boolean enabled,
        AlertRuleKind kind,
        String metric,
        MetricAggregation agg,
        Double pct,
        List<String> groupBy,
        Long windowMs,
        Long forMs,
        Instant createdAt) {
      return new Rules(
          new AlertRule(
              r.tenantId(),
              r.id(),
              r.name(),
              kind == null ? r.kind() : kind,
              enabled == null ? r.enabled() : enabled,
              r.sloId(),
              r.burnConditions(),
              r.signal(),
              metric == null ? r.metric() : metric,
              agg == null ? r.aggregation() : agg,
              pct == null ? r.percentile() : pct,
              r.service(),
              r.operation(),
              r.region(),
              r.attributes(),
              groupBy == null ? r.groupBy() : groupBy,
              r.comparison(),
              r.threshold(),
              windowMs == null ? r.windowMs() : windowMs,
              forMs == null ? r.forMs() : forMs,
              r.severity(),
              r.labels(),
              r.summary(),
              createdAt == null ? r.createdAt() : createdAt,
              r.updatedAt(),
              r.actor()));
    }

    Rules forMs(long ms) {
      return with(null, null, null, null, null, null, null, ms, null);
    }

    Rules windowMs(long ms) {
      return with(null, null, null, null, null, null, ms, null, null);
    }

    Rules groupBy(String... keys) {
      return with(null, null, null, null, null, List.of(keys), null, null, null);
    }

    Rules metric(String name, MetricAggregation agg) {
      return with(null, null, name, agg, null, null, null, null, null);
    }

    Rules percentile(double p) {
      return with(null, null, null, null, p, null, null, null, null);
    }

    Rules enabled(boolean on) {
      return with(on, null, null, null, null, null, null, null, null);
    }

    Rules noData(Instant createdAt) {
      return with(null, AlertRuleKind.NO_DATA, null, null, null, null, null, null, createdAt);
    }
  }
}
