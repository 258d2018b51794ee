package io.obsera.alert.evaluate;

import io.obsera.model.Json;
import io.obsera.model.alert.AlertEvent;
import io.obsera.model.alert.AlertSource;
import io.obsera.model.alert.Severity;
import io.obsera.model.control.AlertRule;
import io.obsera.model.control.AlertRuleKind;
import io.obsera.model.control.BurnCondition;
import io.obsera.model.control.BurnWindow;
import io.obsera.model.control.SloDefinition;
import io.obsera.model.facts.BurnRates;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Burn-rate rules. Each {@link BurnRates} emission of an SLO (keyed {@code tenant|sloId}, emitted
 * on every tick, traffic or not) is checked against every enabled BURN_RATE rule of that SLO: per
 * severity of the rule's effective conditions one alert (state key {@code tenant|rule|SEVERITY}),
 * firing while any of its conditions holds (both windows at or above the factor), updated when the
 * set of holding conditions changes, resolved at the first emission where none holds. Every {@code
 * interval} of wall-clock time, alerts of a rule that was deleted, disabled or pointed elsewhere,
 * or of an SLO that was deleted, resolve (no more emissions would come for them).
 */
final class BurnRateEvaluator implements Processor<String, byte[], String, AlertEvent> {
  private final Duration interval;
  private final Clock clock;
  private final EvaluationHealth health;
  private ReadOnlyKeyValueStore<String, AlertRule> rules;
  private ReadOnlyKeyValueStore<String, SloDefinition> slos;
  private KeyValueStore<String, AlertStatus> state;
  private AlertBook book;

  BurnRateEvaluator(Duration interval, Clock clock, EvaluationHealth health) {
    this.interval = interval;
    this.clock = clock;
    this.health = health;
  }

  @Override
  public void init(ProcessorContext<String, AlertEvent> context) {
    rules = context.getStateStore(EvaluationTopology.RULES_STORE);
    slos = context.getStateStore(EvaluationTopology.SLOS_STORE);
    state = context.getStateStore(EvaluationTopology.BURN_STATE_STORE);
    book = new AlertBook(state, context);
    context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, t -> sweep(clock.instant()));
  }

  @Override
  public void process(Record<String, byte[]> record) {
    BurnRates rates =
        health.readOrSkip("burn-rate", record, v -> Json.MAPPER.readValue(v, BurnRates.class));
    if (rates == null || rates.tenantId() == null || rates.sloId() == null) {
      return;
    }
    SloDefinition slo = slos.get(SloDefinition.key(rates.tenantId(), rates.sloId()));
    if (slo == null) {
      return; // deleted: the sweep resolves its alerts
    }
    for (AlertRule rule : AlertLabels.rulesOf(rules, rates.tenantId())) {
      if (rule.kind() == AlertRuleKind.BURN_RATE
          && rule.isEnabled()
          && rates.sloId().equals(rule.sloId())) {
        health.guard(rule.key(), () -> evaluate(rule, slo, rates));
      }
    }
  }

  private void evaluate(AlertRule rule, SloDefinition slo, BurnRates rates) {
    Instant now = Instant.ofEpochMilli(rates.timeMillis());
    Map<Severity, List<BurnCondition>> bySeverity =
        rule.effectiveBurnConditions(slo).stream()
            .collect(
                Collectors.groupingBy(
                    BurnCondition::severity,
                    () -> new EnumMap<>(Severity.class),
                    Collectors.toList()));
    for (Map.Entry<Severity, List<BurnCondition>> e : bySeverity.entrySet()) {
      String key = stateKey(rule, e.getKey());
      List<BurnCondition> holding = e.getValue().stream().filter(c -> holds(c, rates)).toList();
      if (holding.isEmpty()) {
        BurnCondition first = e.getValue().get(0);
        book.clears(
            key,
            now,
            sloName(slo)
                + ": burn rates back under the "
                + AlertLabels.lower(e.getKey())
                + " thresholds ("
                + rates(e.getValue(), rates)
                + ")",
            rate(rates, first.longWindow()),
            false);
      } else {
        book.holds(key, draft(rule, slo, e.getKey(), holding, rates), now);
      }
    }
  }

  private AlertDraft draft(
      AlertRule rule,
      SloDefinition slo,
      Severity severity,
      List<BurnCondition> holding,
      BurnRates rates) {
    Map<String, String> labels = AlertLabels.of(rule, severity, AlertSource.BURN_RATE);
    labels.put("slo", slo.id());
    if (slo.service() != null && !slo.service().isBlank()) {
      labels.put("service", slo.service());
    }
    List<String> parts = new ArrayList<>();
    List<String> detail = new ArrayList<>();
    for (BurnCondition c : holding) {
      parts.add(
          "burn rate "
              + AlertLabels.number(rate(rates, c.longWindow()))
              + " over "
              + c.longWindow().label()
              + " and "
              + AlertLabels.number(rate(rates, c.shortWindow()))
              + " over "
              + c.shortWindow().label()
              + " ("
              + AlertLabels.lower(severity)
              + " threshold "
              + AlertLabels.number(c.factor())
              + ")");
      detail.add(c.longWindow().label() + "/" + c.shortWindow().label() + ">=" + c.factor());
    }
    String summary =
        rule.summary() != null && !rule.summary().isBlank()
            ? rule.summary()
            : sloName(slo) + ": " + String.join("; ", parts);
    BurnCondition first = holding.get(0);
    return new AlertDraft(
        rule.tenantId(),
        rule.id(),
        AlertLabels.name(rule),
        AlertSource.BURN_RATE,
        severity,
        labels,
        Fingerprints.of(rule.tenantId(), rule.id(), labels),
        summary,
        rate(rates, first.longWindow()),
        first.factor(),
        String.join(",", detail));
  }

  /** Resolves alerts whose rule or SLO no longer asks for them. */
  private void sweep(Instant now) {
    List<KeyValue<String, AlertStatus>> all = new ArrayList<>();
    try (KeyValueIterator<String, AlertStatus> it = state.all()) {
      it.forEachRemaining(all::add);
    }
    for (KeyValue<String, AlertStatus> kv : all) {
      health.guard(kv.key, () -> sweep(kv.key, kv.value, now));
    }
  }

  private void sweep(String key, AlertStatus status, Instant now) {
    if (status.last() == null) {
      book.forget(key);
      return;
    }
    AlertEvent last = status.last();
    AlertRule rule = rules.get(AlertRule.key(last.tenantId(), last.ruleId()));
    String sloId = last.labels().get("slo");
    SloDefinition slo = sloId == null ? null : slos.get(SloDefinition.key(last.tenantId(), sloId));
    String reason = null;
    if (rule == null || rule.kind() != AlertRuleKind.BURN_RATE) {
      reason = "the alert rule was deleted";
    } else if (!rule.isEnabled()) {
      reason = "the alert rule was disabled";
    } else if (!rule.sloId().equals(sloId) || slo == null) {
      reason = "the SLO was deleted or the rule now watches another one";
    } else if (rule.effectiveBurnConditions(slo).stream()
        .noneMatch(c -> c.severity() == last.severity())) {
      reason = "the rule no longer has " + AlertLabels.lower(last.severity()) + " conditions";
    }
    if (reason != null) {
      book.clears(key, now, "Resolved because " + reason + ".", null, false);
    }
  }

  private static boolean holds(BurnCondition c, BurnRates rates) {
    return rate(rates, c.longWindow()) >= c.factor() && rate(rates, c.shortWindow()) >= c.factor();
  }

  private static String rates(List<BurnCondition> conditions, BurnRates rates) {
    return conditions.stream()
        .flatMap(c -> java.util.stream.Stream.of(c.longWindow(), c.shortWindow()))
        .distinct()
        .map(w -> w.label() + " " + AlertLabels.number(rate(rates, w)))
        .collect(Collectors.joining(", "));
  }

  static double rate(BurnRates r, BurnWindow w) {
    return switch (w) {
      case M5 -> r.burn5m();
      case M30 -> r.burn30m();
      case H1 -> r.burn1h();
      case H2 -> r.burn2h();
      case H6 -> r.burn6h();
      case D1 -> r.burn1d();
      case D3 -> r.burn3d();
    };
  }

  private static String sloName(SloDefinition slo) {
    return "SLO " + (slo.name() == null || slo.name().isBlank() ? slo.id() : slo.name());
  }

  static String stateKey(AlertRule rule, Severity severity) {
    return rule.key() + "|" + severity;
  }
}
