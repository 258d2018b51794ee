package io.obsera.alert.route;

import io.obsera.model.control.AlertRoute;
import io.obsera.model.control.AlertRouting;
import io.obsera.model.control.ChannelRecord;
import io.obsera.model.control.InhibitRule;
import io.obsera.model.control.LabelMatcher;
import io.obsera.model.control.Silence;
import java.util.ArrayList;
import java.util.List;

/**
 * What keeps a control record out of the routing topology's stores: only what would make routing
 * fail or misbehave (the API validates the rest before it writes). Each returns null when the
 * record is usable, else the problems.
 */
final class ControlChecks {
  private ControlChecks() {}

  static String routing(AlertRouting r) {
    List<String> errors = new ArrayList<>();
    if (r.tenantId() == null || r.tenantId().isBlank()) {
      errors.add("tenantId is required");
    }
    if (r.routes() != null) {
      for (int i = 0; i < r.routes().size(); i++) {
        AlertRoute route = r.routes().get(i);
        if (route == null) {
          errors.add("routes[" + i + "] is null");
        } else {
          matchers(route.matchers(), "routes[" + i + "].matchers", errors);
          timing(route.groupWaitMs(), "routes[" + i + "].groupWaitMs", errors);
          timing(route.groupIntervalMs(), "routes[" + i + "].groupIntervalMs", errors);
          timing(route.repeatIntervalMs(), "routes[" + i + "].repeatIntervalMs", errors);
        }
      }
    }
    if (r.inhibitRules() != null) {
      for (int i = 0; i < r.inhibitRules().size(); i++) {
        InhibitRule rule = r.inhibitRules().get(i);
        if (rule == null) {
          errors.add("inhibitRules[" + i + "] is null");
        } else {
          matchers(rule.source(), "inhibitRules[" + i + "].source", errors);
          matchers(rule.target(), "inhibitRules[" + i + "].target", errors);
        }
      }
    }
    timing(r.groupWaitMs(), "groupWaitMs", errors);
    timing(r.groupIntervalMs(), "groupIntervalMs", errors);
    timing(r.repeatIntervalMs(), "repeatIntervalMs", errors);
    return errors.isEmpty() ? null : String.join("; ", errors);
  }

  static String silence(Silence s) {
    List<String> errors = new ArrayList<>();
    if (s.tenantId() == null || s.id() == null) {
      errors.add("tenantId and id are required");
    }
    if (s.startsAt() == null || s.endsAt() == null) {
      errors.add("startsAt and endsAt are required");
    }
    if (s.matchers() == null || s.matchers().isEmpty()) {
      errors.add("at least one matcher is required");
    } else {
      matchers(s.matchers(), "matchers", errors);
    }
    return errors.isEmpty() ? null : String.join("; ", errors);
  }

  static String channel(ChannelRecord c) {
    return c.tenantId() == null || c.id() == null || c.type() == null
        ? "tenantId, id and type are required"
        : null;
  }

  private static void matchers(List<LabelMatcher> matchers, String field, List<String> errors) {
    if (matchers == null) {
      return;
    }
    for (int i = 0; i < matchers.size(); i++) {
      LabelMatcher m = matchers.get(i);
      if (m == null) {
        errors.add(field + "[" + i + "] is null");
      } else {
        m.validate(errors, field + "[" + i + "]");
      }
    }
  }

  private static void timing(Long millis, String field, List<String> errors) {
    if (millis != null && millis < 0) {
      errors.add(field + " must not be negative");
    }
  }
}
