package io.obsera.alert.evaluate;

import io.obsera.model.Topics;
import io.obsera.model.alert.AlertEvent;
import io.obsera.model.control.AlertRule;
import io.obsera.model.control.EndpointDefinition;
import io.obsera.model.control.SloDefinition;
import io.obsera.platform.control.ControlStoreUpdater;
import io.obsera.platform.control.ControlVerifier;
import io.obsera.platform.kafka.JsonSerde;
import io.obsera.platform.kafka.TopologyPart;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.Stores;

/**
 * Rule evaluation: turns burn rates, RED rollups, metric points and outage events into {@link
 * AlertEvent}s on {@link Topics#ALERT_EVENTS} (key {@code tenant|fingerprint}).
 *
 * <ul>
 *   <li>Global stores of alert rules, SLOs and endpoints, each filled through {@link
 *       ControlStoreUpdater} (unusable records are skipped, counted and logged, also on restore).
 *   <li>{@link Topics#SLO_BURN_RATES} -> {@link BurnRateEvaluator} (state {@link
 *       #BURN_STATE_STORE}).
 *   <li>{@link Topics#RED_MINUTE} and {@link Topics#OTLP_METRICS} -> {@link Samplers} -> the
 *       repartition {@link #SAMPLES_REPARTITION} ({@link RulePartitioner}: one task per rule) ->
 *       {@link ThresholdEvaluator} (stores {@link #WINDOWS_STORE}, {@link #THRESHOLD_STATE_STORE},
 *       {@link #RULE_SEEN_STORE}).
 *   <li>{@link Topics#OUTAGE_EVENTS} -> {@link OutageAlerts} (state {@link #OUTAGE_STATE_STORE}).
 * </ul>
 *
 * Each evaluator writes through its own sink, so the three stay separate sub-topologies. Every
 * processor, store and repartition topic is named {@code alert-eval-*}.
 */
public final class EvaluationTopology implements TopologyPart {
  public static final String RULES_STORE = "alert-eval-rules-store";
  public static final String SLOS_STORE = "alert-eval-slos-store";
  public static final String ENDPOINTS_STORE = "alert-eval-endpoints-store";
  public static final String BURN_STATE_STORE = "alert-eval-burn-state-store";
  public static final String WINDOWS_STORE = "alert-eval-windows-store";
  public static final String THRESHOLD_STATE_STORE = "alert-eval-threshold-state-store";
  public static final String RULE_SEEN_STORE = "alert-eval-rule-seen-store";
  public static final String OUTAGE_STATE_STORE = "alert-eval-outage-state-store";
  public static final String SAMPLES_REPARTITION = "alert-eval-samples";

  private final ControlVerifier verifier;
  private final EvaluationConfig config;
  private final Clock clock;
  private final EvaluationHealth health = new EvaluationHealth();
  private final Serde<AlertEvent> events = JsonSerde.of(AlertEvent.class);
  private final Serde<AlertStatus> statuses = JsonSerde.of(AlertStatus.class);

  public EvaluationTopology(EvaluationConfig config, Clock clock, ControlVerifier verifier) {
    this.verifier = verifier;
    if (config == null || clock == null) {
      throw new IllegalArgumentException("evaluation config and clock are required");
    }
    this.config = config;
    this.clock = clock;
  }

  /** What evaluation skipped or failed since start. */
  public EvaluationHealth health() {
    return health;
  }

  @Override
  public void addTo(StreamsBuilder builder) {
    global(
        builder,
        ControlStoreUpdater.Rules.of(
            RULES_STORE, AlertRule.class, RuleCheck::problems, AlertRule::key),
        Topics.CONTROL_ALERT_RULES);
    global(
        builder,
        ControlStoreUpdater.Rules.of(
            SLOS_STORE, SloDefinition.class, SloDefinition::validate, SloDefinition::key),
        Topics.CONTROL_SLOS);
    global(
        builder,
        ControlStoreUpdater.Rules.of(
            ENDPOINTS_STORE,
            EndpointDefinition.class,
            EvaluationTopology::endpointProblems,
            EndpointDefinition::key),
        Topics.CONTROL_ENDPOINTS);
    burnRates(builder);
    thresholds(builder);
    outages(builder);
  }

  private <T> void global(
      StreamsBuilder builder, ControlStoreUpdater.Rules<T, T> rules, String topic) {
    ControlStoreUpdater.addGlobalStore(
        builder,
        rules,
        topic,
        rules.storeName() + "-source",
        verifier,
        health.skippedControlRecords);
  }

  private void burnRates(StreamsBuilder builder) {
    state(builder, BURN_STATE_STORE);
    source(builder, Topics.SLO_BURN_RATES, "alert-eval-burn-rates-source")
        .process(
            () -> new BurnRateEvaluator(config.interval(), clock, health),
            Named.as("alert-eval-burn-rates"),
            BURN_STATE_STORE)
        .to(Topics.ALERT_EVENTS, sink("alert-eval-burn-rates-sink"));
  }

  private void thresholds(StreamsBuilder builder) {
    state(builder, THRESHOLD_STATE_STORE);
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(WINDOWS_STORE),
            Serdes.String(),
            JsonSerde.of(SeriesWindow.class)));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(RULE_SEEN_STORE), Serdes.String(), Serdes.Long()));
    KStream<String, Sample> red =
        source(builder, Topics.RED_MINUTE, "alert-eval-red-source")
            .process(sampler(Samplers.Red::new), Named.as("alert-eval-red-samples"));
    KStream<String, Sample> metrics =
        source(builder, Topics.OTLP_METRICS, "alert-eval-metrics-source")
            .process(sampler(Samplers.Metrics::new), Named.as("alert-eval-metric-samples"));
    red.merge(metrics, Named.as("alert-eval-samples-merge"))
        .repartition(
            Repartitioned.<String, Sample>as(SAMPLES_REPARTITION)
                .withKeySerde(Serdes.String())
                .withValueSerde(JsonSerde.of(Sample.class))
                .withNumberOfPartitions(config.partitions())
                .withStreamPartitioner(new RulePartitioner()))
        .process(
            () -> new ThresholdEvaluator(config, clock, health),
            Named.as("alert-eval-thresholds"),
            WINDOWS_STORE,
            THRESHOLD_STATE_STORE,
            RULE_SEEN_STORE)
        .to(Topics.ALERT_EVENTS, sink("alert-eval-thresholds-sink"));
  }

  private void outages(StreamsBuilder builder) {
    state(builder, OUTAGE_STATE_STORE);
    source(builder, Topics.OUTAGE_EVENTS, "alert-eval-outages-source")
        .process(
            () -> new OutageAlerts(config, clock, health),
            Named.as("alert-eval-outages"),
            OUTAGE_STATE_STORE)
        .to(Topics.ALERT_EVENTS, sink("alert-eval-outages-sink"));
  }

  private ProcessorSupplier<String, byte[], String, Sample> sampler(
      Function<EvaluationHealth, Samplers.Base> make) {
    return () -> make.apply(health);
  }

  private void state(StreamsBuilder builder, String name) {
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(name), Serdes.String(), statuses));
  }

  private static KStream<String, byte[]> source(StreamsBuilder builder, String topic, String name) {
    return builder.stream(topic, Consumed.with(Serdes.String(), Serdes.ByteArray()).withName(name));
  }

  private Produced<String, AlertEvent> sink(String name) {
    return Produced.with(Serdes.String(), events).withName(name);
  }

  /** The evaluator reads only an endpoint's key, name and service. */
  private static List<String> endpointProblems(EndpointDefinition e) {
    List<String> errors = new ArrayList<>();
    if (e.tenantId() == null || e.id() == null) {
      errors.add("tenantId and id are required");
    }
    return errors;
  }
}
