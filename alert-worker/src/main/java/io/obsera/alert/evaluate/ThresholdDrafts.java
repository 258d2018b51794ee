package io.obsera.alert.evaluate;

import io.obsera.model.alert.AlertSource;
import io.obsera.model.alert.Severity;
import io.obsera.model.control.AlertRule;
import io.obsera.model.control.AlertRuleKind;
import io.obsera.model.control.AlertSignal;
import io.obsera.model.control.MetricAggregation;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** Labels and text of threshold and no-data alerts. */
final class ThresholdDrafts {
  private ThresholdDrafts() {}

  static Severity severity(AlertRule rule) {
    return rule.severity() == null ? Severity.TICKET : rule.severity();
  }

  static AlertSource source(AlertRule rule) {
    return rule.kind() == AlertRuleKind.NO_DATA ? AlertSource.NO_DATA : AlertSource.THRESHOLD;
  }

  /**
   * The rule's labels, severity, source, rule, then {@code service} / {@code metric} when the rule
   * names one, then the group's dimensions.
   */
  static Map<String, String> labels(AlertRule rule, Map<String, String> group) {
    Map<String, String> labels = AlertLabels.of(rule, severity(rule), source(rule));
    if (rule.service() != null) {
      labels.put("service", rule.service());
    }
    if (rule.signal() == AlertSignal.METRIC) {
      labels.put("metric", rule.metric());
    }
    labels.putAll(group);
    return labels;
  }

  static AlertDraft breach(AlertRule rule, Map<String, String> group, double value) {
    Map<String, String> labels = labels(rule, group);
    String text =
        what(rule)
            + " "
            + AlertLabels.number(value)
            + " is "
            + AlertLabels.lower(rule.comparison())
            + " "
            + AlertLabels.number(rule.threshold())
            + " over the last "
            + duration(rule.windowMs())
            + of(group);
    return draft(
        rule, labels, text, value, rule.threshold(), "band " + SignalValues.band(rule, value));
  }

  static String recovered(AlertRule rule, Map<String, String> group, Double value) {
    return what(rule)
        + (value == null ? " has no data" : " " + AlertLabels.number(value))
        + " over the last "
        + duration(rule.windowMs())
        + of(group)
        + ", no longer "
        + AlertLabels.lower(rule.comparison())
        + " "
        + AlertLabels.number(rule.threshold());
  }

  static AlertDraft noData(AlertRule rule, Map<String, String> group) {
    String text =
        "No data for "
            + what(rule)
            + of(group)
            + " for "
            + duration(rule.forMs())
            + (group.isEmpty() && rule.groupBy() != null && !rule.groupBy().isEmpty()
                ? " (nothing arrived since the rule was created)"
                : "");
    return draft(rule, labels(rule, group), text, null, null, "");
  }

  static String dataBack(AlertRule rule, Map<String, String> group) {
    return "Data for " + what(rule) + of(group) + " arrives again";
  }

  private static AlertDraft draft(
      AlertRule rule,
      Map<String, String> labels,
      String text,
      Double value,
      Double threshold,
      String detail) {
    return new AlertDraft(
        rule.tenantId(),
        rule.id(),
        AlertLabels.name(rule),
        source(rule),
        severity(rule),
        labels,
        Fingerprints.of(rule.tenantId(), rule.id(), labels),
        rule.summary() != null && !rule.summary().isBlank() ? rule.summary() : text,
        value,
        threshold,
        detail);
  }

  private static String what(AlertRule rule) {
    String service = rule.service() == null ? "" : " of " + rule.service();
    return switch (rule.signal()) {
      case ERROR_RATE -> "error rate" + service;
      case REQUEST_RATE -> "request rate (per second)" + service;
      case LATENCY ->
          "p"
              + AlertLabels.number(
                  rule.percentile() != null && rule.percentile() <= 1
                      ? rule.percentile() * 100
                      : rule.percentile())
              + " latency (ms)"
              + service;
      case METRIC ->
          (rule.kind() == AlertRuleKind.NO_DATA
                  ? "metric "
                  : AlertLabels.lower(
                          rule.aggregation() == null ? MetricAggregation.AVG : rule.aggregation())
                      + " of ")
              + rule.metric()
              + service;
    };
  }

  private static String of(Map<String, String> group) {
    return group.isEmpty()
        ? ""
        : group.entrySet().stream()
            .map(e -> e.getKey() + "=" + e.getValue())
            .collect(Collectors.joining(", ", " (", ")"));
  }

  static String duration(Long millis) {
    if (millis == null) {
      return "0s";
    }
    Duration d = Duration.ofMillis(millis);
    return d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
  }
}
