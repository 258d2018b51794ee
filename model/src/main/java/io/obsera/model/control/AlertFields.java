package io.obsera.model.control;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks shared by the alerting control records (rules, silences, routing); every message names its
 * field, like {@link FieldErrors}.
 */
final class AlertFields {
  /** Label names, as {@link LabelMatcher} accepts them. */
  static final Pattern LABEL = Pattern.compile("[A-Za-z_][A-Za-z0-9_.]{0,127}");

  /**
   * OpenTelemetry attribute keys ({@code cloud.region}, {@code k8s.pod.name}, {@code http.route}).
   */
  static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z_][A-Za-z0-9_./-]{0,127}");

  static final int MAX_VALUE = 1024;

  private AlertFields() {}

  /** A list of channel or rule ids: each {@link FieldErrors#ID}, none repeated. */
  static void ids(List<String> errors, String field, List<String> ids, boolean nonEmpty) {
    if (ids == null || ids.isEmpty()) {
      if (nonEmpty) {
        errors.add("field '" + field + "' must name at least one channel id");
      }
      return;
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < ids.size(); i++) {
      String id = ids.get(i);
      if (id == null || !FieldErrors.ID.matcher(id).matches()) {
        errors.add("field '" + field + "[" + i + "]' is not a valid id: " + id);
      } else if (!seen.add(id)) {
        errors.add("field '" + field + "' repeats " + id);
      }
    }
  }

  /** A list of names matching {@code pattern}, none repeated, at most {@code max}. */
  static void names(
      List<String> errors, String field, List<String> names, Pattern pattern, int max) {
    if (names == null) {
      return;
    }
    if (names.size() > max) {
      errors.add("field '" + field + "' may hold at most " + max + " names");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < names.size(); i++) {
      String n = names.get(i);
      if (n == null || !pattern.matcher(n).matches()) {
        errors.add("field '" + field + "[" + i + "]' is not a valid name: " + n);
      } else if (!seen.add(n)) {
        errors.add("field '" + field + "' repeats " + n);
      }
    }
  }

  /** A map whose keys match {@code pattern} and whose values are 0-1024 characters. */
  static void map(
      List<String> errors, String field, Map<String, String> map, Pattern pattern, int max) {
    if (map == null) {
      return;
    }
    if (map.size() > max) {
      errors.add("field '" + field + "' may hold at most " + max + " entries");
    }
    map.forEach(
        (k, v) -> {
          if (k == null || !pattern.matcher(k).matches()) {
            errors.add("field '" + field + "' has an invalid key: " + k);
          } else if (v == null || v.length() > MAX_VALUE) {
            errors.add(
                "field '" + field + "." + k + "' must be a string of at most 1024 characters");
          }
        });
  }

  /** Matchers, each checked by {@link LabelMatcher#validate}. */
  static void matchers(
      List<String> errors, String field, List<LabelMatcher> matchers, boolean nonEmpty, int max) {
    if (matchers == null || matchers.isEmpty()) {
      if (nonEmpty) {
        errors.add("field '" + field + "' must hold at least one matcher");
      }
      return;
    }
    if (matchers.size() > max) {
      errors.add("field '" + field + "' may hold at most " + max + " matchers");
    }
    for (int i = 0; i < matchers.size(); i++) {
      LabelMatcher m = matchers.get(i);
      if (m == null) {
        errors.add("field '" + field + "[" + i + "]' must not be null");
      } else {
        m.validate(errors, field + "[" + i + "]");
      }
    }
  }

  /** A duration in milliseconds within {@code [min, max]}; {@code required}: not null. */
  static void millis(
      List<String> errors, String field, Long value, long min, long max, boolean required) {
    if (value == null) {
      if (required) {
        errors.add("field '" + field + "' is required (milliseconds, " + min + "-" + max + ")");
      }
    } else if (value < min || value > max) {
      errors.add(
          "field '" + field + "' must be between " + min + " and " + max + " ms, got: " + value);
    }
  }

  /** Optional text up to {@code max} characters, not blank when present. */
  static void longText(List<String> errors, String field, String value, int max) {
    if (value != null && (value.isBlank() || value.length() > max)) {
      errors.add("field '" + field + "' must be 1-" + max + " characters");
    }
  }
}
