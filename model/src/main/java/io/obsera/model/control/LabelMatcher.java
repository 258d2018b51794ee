package io.obsera.model.control;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Matches one label of an alert, Alertmanager style: {@code =} equal, {@code !=} not equal, {@code
 * =~} full regular-expression match, {@code !~} its negation. A missing label matches as the empty
 * string.
 *
 * <p>Patterns come from tenants and run on the alert worker's stream threads, so they use RE2
 * syntax and RE2/J's linear-time matcher (no backtracking: {@code (a+)+b} cannot stall a thread)
 * and are at most {@link #MAX_PATTERN_LENGTH} characters long.
 *
 * @param op one of {@code =}, {@code !=}, {@code =~}, {@code !~}
 */
public record LabelMatcher(String label, String op, String value) {
  public static final Set<String> OPS = Set.of("=", "!=", "=~", "!~");

  /** The longest regular expression a matcher may hold. */
  public static final int MAX_PATTERN_LENGTH = 256;

  /** Compiled patterns of valid matchers, so a stream thread compiles each one once. */
  private static final Map<String, Pattern> COMPILED = new ConcurrentHashMap<>();

  private static final int MAX_COMPILED = 10_000;

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
      if (value.length() > MAX_PATTERN_LENGTH) {
        errors.add(
            "field '"
                + field
                + ".value' is a regular expression of "
                + value.length()
                + " characters; at most "
                + MAX_PATTERN_LENGTH
                + " are allowed");
        return;
      }
      try {
        Pattern.compile(value);
      } catch (PatternSyntaxException e) {
        errors.add(
            "field '"
                + field
                + ".value' is not a valid regular expression (RE2 syntax): "
                + e.getDescription());
      }
    }
  }

  /** Whether {@code labels} satisfy this (valid) matcher. */
  public boolean matches(Map<String, String> labels) {
    String v = labels.getOrDefault(label, "");
    return switch (op) {
      case "=" -> v.equals(value);
      case "!=" -> !v.equals(value);
      case "=~" -> compiled(value).matches(v);
      case "!~" -> !compiled(value).matches(v);
      default -> throw new IllegalStateException("invalid matcher op: " + op);
    };
  }

  private static Pattern compiled(String regex) {
    Pattern p = COMPILED.get(regex);
    if (p == null) {
      if (COMPILED.size() >= MAX_COMPILED) {
        COMPILED.clear();
      }
      p = Pattern.compile(regex);
      COMPILED.put(regex, p);
    }
    return p;
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
