package io.obsera.alert.evaluate;

import io.obsera.model.alert.AlertSource;
import io.obsera.model.alert.Severity;
import io.obsera.model.control.AlertRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** Label sets and rule look-ups shared by the evaluators. */
final class AlertLabels {
  private static final StringSerializer KEYS = new StringSerializer();

  private AlertLabels() {}

  /**
   * The rule's own labels, then {@code severity} and {@code source} (lower case) and {@code rule},
   * which the rule's labels cannot override.
   */
  static Map<String, String> of(AlertRule rule, Severity severity, AlertSource source) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (rule.labels() != null) {
      labels.putAll(rule.labels());
    }
    labels.put("severity", lower(severity));
    labels.put("source", lower(source));
    labels.put("rule", rule.id());
    return labels;
  }

  static String lower(Enum<?> e) {
    return e.name().toLowerCase(Locale.ROOT);
  }

  /** The rule's name for people: its name, else its id. */
  static String name(AlertRule rule) {
    return rule.name() == null || rule.name().isBlank() ? rule.id() : rule.name();
  }

  /** Every rule of {@code tenant} in the rules store. */
  static List<AlertRule> rulesOf(ReadOnlyKeyValueStore<String, AlertRule> rules, String tenant) {
    List<AlertRule> out = new ArrayList<>();
    try (KeyValueIterator<String, AlertRule> it = rules.prefixScan(tenant + "|", KEYS)) {
      it.forEachRemaining(kv -> out.add(kv.value));
    }
    return out;
  }

  /** A number for a summary: up to four significant digits, no exponent for usual values. */
  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    String s = String.format(Locale.ROOT, "%.4g", v);
    if (s.contains("e")) {
      return s;
    }
    return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
  }
}
