package io.obsera.alert.evaluate;

import io.obsera.model.control.AlertRule;
import io.obsera.model.control.AlertRuleKind;
import io.obsera.model.control.AlertSignal;
import io.obsera.model.control.BurnCondition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the evaluator needs of a rule record before it keeps it: every field it reads present and in
 * range. The API validates rules fully before writing them; this guards against records written
 * some other way, so that no rule can make evaluation throw.
 */
final class RuleCheck {
  private RuleCheck() {}

  /** Every problem that would stop the evaluator from using {@code r}; empty when usable. */
  static List<String> problems(AlertRule r) {
    List<String> errors = new ArrayList<>();
    if (blank(r.tenantId()) || blank(r.id())) {
      errors.add("tenantId and id are required");
    } else if (r.tenantId().contains("|") || r.id().contains("|")) {
      errors.add("tenantId and id must not contain '|'");
    }
    if (r.kind() == null) {
      errors.add("kind is required");
      return errors;
    }
    if (r.kind() == AlertRuleKind.BURN_RATE) {
      burn(r, errors);
    } else {
      signal(r, errors);
    }
    if (r.groupBy() != null && r.groupBy().stream().anyMatch(RuleCheck::blank)) {
      errors.add("groupBy entries must not be blank");
    }
    entries(r.labels(), "labels", errors);
    entries(r.attributes(), "attributes", errors);
    return errors;
  }

  private static void burn(AlertRule r, List<String> errors) {
    if (blank(r.sloId())) {
      errors.add("sloId is required for BURN_RATE rules");
    }
    if (r.burnConditions() != null) {
      for (BurnCondition c : r.burnConditions()) {
        if (c == null
            || c.severity() == null
            || c.longWindow() == null
            || c.shortWindow() == null
            || !(c.factor() > 0)
            || Double.isInfinite(c.factor())) {
          errors.add("burnConditions need severity, longWindow, shortWindow and a factor > 0");
          return;
        }
      }
    }
  }

  private static void signal(AlertRule r, List<String> errors) {
    if (r.signal() == null) {
      errors.add("signal is required for " + r.kind() + " rules");
      return;
    }
    if (r.signal() == AlertSignal.METRIC ? blank(r.metric()) : blank(r.service())) {
      errors.add(r.signal() == AlertSignal.METRIC ? "metric is required" : "service is required");
    }
    if (r.signal() == AlertSignal.LATENCY
        && (r.percentile() == null || !(r.percentile() > 0) || r.percentile() > 100)) {
      errors.add("percentile must be in (0, 100] for LATENCY");
    }
    if (r.forMs() != null && r.forMs() < 0) {
      errors.add("forMs must not be negative");
    }
    if (r.kind() == AlertRuleKind.NO_DATA) {
      if (r.forMs() == null || r.forMs() <= 0) {
        errors.add("forMs must be positive for NO_DATA rules");
      }
      return;
    }
    if (r.comparison() == null || r.threshold() == null || !Double.isFinite(r.threshold())) {
      errors.add("comparison and a finite threshold are required for THRESHOLD rules");
    }
    if (r.windowMs() == null || r.windowMs() <= 0) {
      errors.add("windowMs must be positive for THRESHOLD rules");
    }
  }

  private static void entries(Map<String, String> m, String field, List<String> errors) {
    if (m != null
        && m.entrySet().stream().anyMatch(e -> e.getKey() == null || e.getValue() == null)) {
      errors.add(field + " must not hold null keys or values");
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }
}
