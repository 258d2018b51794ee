package io.obsera.model.control;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Matches one label of an alert, Alertmanager style: {@code =} equal, {@code !=} not equal, {@code
 * =~} full regular-expression match, {@code !~} its negation. A missing label matches as the empty
 * string.
 *
 * @param op one of {@code =}, {@code !=}, {@code =~}, {@code !~}
 */
public record LabelMatcher(String label, String op, String value) {
  public static final Set<String> OPS = Set.of("=", "!=", "=~", "!~");

  /** Every problem of this matcher, each naming {@code field} (e.g. {@code matchers[2]}). */
  public void validate(List<String> errors, String field) {
    if (label == null || !label.matches("[A-Za-z_][A-Za-z0-9_.]{0,127}")) {
      errors.add("field '" + field + ".label' must be a label name ([A-Za-z_][A-Za-z0-9_.]*)");
    }
    if (op == null || !OPS.contains(op)) {
      errors.add("field '" + field + ".op' must be one of =, !=, =~, !~, got: " + op);
    }
    if (value == null || value.length() > 1024) {
      errors.add("field '" + field + ".value' is required (at most 1024 characters)");
    } else if (("=~".equals(op) || "!~".equals(op))) {
      try {
        Pattern.compile(value);
      } catch (PatternSyntaxException e) {
        errors.add(
            "field '" + field + ".value' is not a valid regular expression: " + e.getDescription());
      }
    }
  }

  /** Whether {@code labels} satisfy this (valid) matcher. */
  public boolean matches(Map<String, String> labels) {
    String v = labels.getOrDefault(label, "");
    return switch (op) {
      case "=" -> v.equals(value);
      case "!=" -> !v.equals(value);
      case "=~" -> Pattern.compile(value).matcher(v).matches();
      case "!~" -> !Pattern.compile(value).matcher(v).matches();
      default -> throw new IllegalStateException("invalid matcher op: " + op);
    };
  }

  /** Whether {@code labels} satisfy every matcher (true for none). */
  public static boolean all(List<LabelMatcher> matchers, Map<String, String> labels) {
    if (matchers == null) {
      return true;
    }
    for (LabelMatcher m : matchers) {
      if (!m.matches(labels)) {
        return false;
      }
    }
    return true;
  }
}
