package io.obsera.alert.evaluate;

import io.obsera.model.alert.AlertEvent;
import io.obsera.model.control.AlertRule;
import io.obsera.model.control.AlertRuleKind;
import io.obsera.model.control.AlertSignal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Threshold and no-data rules, on the task that owns the rule ({@link RulePartitioner}). Samples
 * (keyed {@code tenant|rule|group}) go into the alert's {@link SeriesWindow}; every {@code
 * interval} of wall-clock time, with the injected clock's now, every owned rule is evaluated:
 *
 * <ul>
 *   <li>THRESHOLD: per group, the signal's value over the last {@code windowMs}; breaching for
 *       {@code forMs} fires (pending until then), the first evaluation that does not breach
 *       resolves; a firing alert is updated when its value changes band ({@link
 *       SignalValues#band}).
 *   <li>NO_DATA: per group seen before, nothing arrived for {@code forMs} fires, data arriving
 *       resolves; with nothing at all since the rule was created (or first seen here, without a
 *       creation time) the rule as a whole fires, without group labels.
 * </ul>
 *
 * Alerts of rules that were deleted, disabled or changed kind resolve at the next evaluation.
 */
final class ThresholdEvaluator implements Processor<String, Sample, String, AlertEvent> {
  private static final StringSerializer KEYS = new StringSerializer();

  private final Duration interval;
  private final int partitions;
  private final Clock clock;
  private final EvaluationHealth health;
  private ProcessorContext<String, AlertEvent> context;
  private ReadOnlyKeyValueStore<String, AlertRule> rules;
  private KeyValueStore<String, SeriesWindow> windows;
  private KeyValueStore<String, AlertStatus> state;
  private KeyValueStore<String, Long> firstSeen;
  private AlertBook book;

  ThresholdEvaluator(EvaluationConfig config, Clock clock, EvaluationHealth health) {
    this.interval = config.interval();
    this.partitions = config.partitions();
    this.clock = clock;
    this.health = health;
  }

  @Override
  public void init(ProcessorContext<String, AlertEvent> context) {
    this.context = context;
    rules = context.getStateStore(EvaluationTopology.RULES_STORE);
    windows = context.getStateStore(EvaluationTopology.WINDOWS_STORE);
    state = context.getStateStore(EvaluationTopology.THRESHOLD_STATE_STORE);
    firstSeen = context.getStateStore(EvaluationTopology.RULE_SEEN_STORE);
    book = new AlertBook(state, context);
    context.schedule(interval, PunctuationType.WALL_CLOCK_TIME, t -> evaluate(clock.millis()));
  }

  @Override
  public void process(Record<String, Sample> record) {
    Sample s = record.value();
    AlertRule rule = rules.get(AlertRule.key(s.tenantId(), s.ruleId()));
    if (rule == null || !SampleMatcher.evaluates(rule)) {
      return;
    }
    long now = clock.millis();
    SeriesWindow w = windows.get(record.key());
    if (w == null) {
      w = SeriesWindow.empty(s.group());
    }
    if (rule.kind() == AlertRuleKind.NO_DATA) {
      windows.put(
          record.key(), new SeriesWindow(w.group(), Math.max(w.lastSeenMillis(), now), List.of()));
      return;
    }
    long slice =
        rule.signal() == AlertSignal.METRIC ? SeriesWindow.sliceMillis(rule.windowMs()) : 60_000;
    long start = Math.floorDiv(s.timeMillis(), slice) * slice;
    windows.put(record.key(), w.with(s, start, now, now - rule.windowMs() - slice));
  }

  private void evaluate(long now) {
    List<AlertRule> owned = new ArrayList<>();
    try (KeyValueIterator<String, AlertRule> it = rules.all()) {
      it.forEachRemaining(
          kv -> {
            if (SampleMatcher.evaluates(kv.value)
                && RulePartitioner.partitionOf(kv.key, partitions)
                    == context.taskId().partition()) {
              owned.add(kv.value);
            }
          });
    }
    for (AlertRule rule : owned) {
      health.guard(
          rule.key(),
          () -> {
            if (rule.kind() == AlertRuleKind.THRESHOLD) {
              threshold(rule, now);
            } else {
              noData(rule, now);
            }
          });
    }
    health.guard("threshold-cleanup", () -> cleanUp(now));
  }

  private void threshold(AlertRule rule, long now) {
    Instant at = Instant.ofEpochMilli(now);
    Duration hold = Duration.ofMillis(rule.forMs() == null ? 0 : rule.forMs());
    Set<String> seen = new HashSet<>();
    for (KeyValue<String, SeriesWindow> kv : scan(windows, rule.key() + "|")) {
      seen.add(kv.key);
      SeriesWindow w = kv.value.pruned(now - rule.windowMs() - 60_000);
      Double value = SignalValues.value(rule, w, now);
      if (value != null && rule.comparison().breaches(value, rule.threshold())) {
        book.holds(kv.key, ThresholdDrafts.breach(rule, w.group(), value), at, hold, at);
      } else {
        book.clears(kv.key, at, ThresholdDrafts.recovered(rule, w.group(), value), value, false);
      }
      if (w.slices().isEmpty() && book.get(kv.key) == null) {
        windows.delete(kv.key);
      } else if (w.slices().size() != kv.value.slices().size()) {
        windows.put(kv.key, w);
      }
    }
    for (KeyValue<String, AlertStatus> kv : scan(state, rule.key() + "|")) {
      if (!seen.contains(kv.key)) {
        book.clears(
            kv.key, at, "No data left in the window of " + AlertLabels.name(rule), null, false);
      }
    }
  }

  private void noData(AlertRule rule, long now) {
    Instant at = Instant.ofEpochMilli(now);
    long forMs = rule.forMs();
    String wholeRule = rule.key() + "|";
    List<KeyValue<String, SeriesWindow>> groups = scan(windows, wholeRule);
    if (groups.isEmpty()) {
      long since = rule.createdAt() != null ? rule.createdAt().toEpochMilli() : seen(rule, now);
      if (now - since >= forMs) {
        book.holds(wholeRule, ThresholdDrafts.noData(rule, Map.of()), at);
      }
      return;
    }
    boolean wholeRuleIsAGroup = false;
    for (KeyValue<String, SeriesWindow> kv : groups) {
      wholeRuleIsAGroup |= kv.key.equals(wholeRule);
      if (now - kv.value.lastSeenMillis() >= forMs) {
        book.holds(kv.key, ThresholdDrafts.noData(rule, kv.value.group()), at);
      } else {
        book.clears(kv.key, at, ThresholdDrafts.dataBack(rule, kv.value.group()), null, false);
      }
    }
    if (!wholeRuleIsAGroup) {
      book.clears(wholeRule, at, ThresholdDrafts.dataBack(rule, Map.of()), null, false);
    }
  }

  private long seen(AlertRule rule, long now) {
    Long first = firstSeen.get(rule.key());
    if (first == null) {
      firstSeen.put(rule.key(), now);
      return now;
    }
    return first;
  }

  /** Resolves and forgets what belongs to rules that no longer ask for it. */
  private void cleanUp(long now) {
    Instant at = Instant.ofEpochMilli(now);
    for (KeyValue<String, AlertStatus> kv : scan(state, "")) {
      if (!wanted(Sample.ruleKey(kv.key))) {
        book.clears(
            kv.key,
            at,
            "Resolved because the alert rule was deleted, disabled or changed.",
            null,
            false);
      }
    }
    for (KeyValue<String, SeriesWindow> kv : scan(windows, "")) {
      if (!wanted(Sample.ruleKey(kv.key))) {
        windows.delete(kv.key);
      }
    }
    for (KeyValue<String, Long> kv : scan(firstSeen, "")) {
      if (!wanted(kv.key)) {
        firstSeen.delete(kv.key);
      }
    }
  }

  private boolean wanted(String ruleKey) {
    AlertRule rule = rules.get(ruleKey);
    return rule != null && SampleMatcher.evaluates(rule);
  }

  private static <V> List<KeyValue<String, V>> scan(KeyValueStore<String, V> store, String prefix) {
    List<KeyValue<String, V>> out = new ArrayList<>();
    try (KeyValueIterator<String, V> it =
        prefix.isEmpty() ? store.all() : store.prefixScan(prefix, KEYS)) {
      it.forEachRemaining(out::add);
    }
    return out;
  }
}
