package io.obsera.alert.evaluate;

import java.util.Map;

/**
 * One piece of data for one alert of a threshold or no-data rule, keyed {@link #key()}: a RED
 * minute ({@code count}, {@code errors}, {@code buckets}; {@code timeMillis} the minute's start) or
 * one metric data point ({@code value} at {@code timeMillis}).
 *
 * @param group the rule's {@code groupBy} dimensions and their values (empty without groupBy)
 */
record Sample(
    String tenantId,
    String ruleId,
    Map<String, String> group,
    long timeMillis,
    long count,
    long errors,
    long[] buckets,
    Double value) {

  /** {@code tenant|rule|group}: one task owns the window and state of each alert. */
  String key() {
    return alertKey(tenantId, ruleId, group);
  }

  static String alertKey(String tenantId, String ruleId, Map<String, String> group) {
    return tenantId + "|" + ruleId + "|" + groupKey(group);
  }

  /** Empty for no grouping (the rule as a whole), else {@code g} and the values. */
  static String groupKey(Map<String, String> group) {
    return group.isEmpty() ? "" : "g" + String.join("\u001f", group.values());
  }

  /** {@code tenant|rule} of an alert key. */
  static String ruleKey(String alertKey) {
    int first = alertKey.indexOf('|');
    int second = alertKey.indexOf('|', first + 1);
    return second < 0 ? alertKey : alertKey.substring(0, second);
  }
}
