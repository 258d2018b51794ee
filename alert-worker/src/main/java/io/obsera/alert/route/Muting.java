package io.obsera.alert.route;

import io.obsera.model.alert.AlertEvent;
import io.obsera.model.control.InhibitRule;
import io.obsera.model.control.LabelMatcher;
import io.obsera.model.control.Silence;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which alerts of a tenant are muted at one instant: silenced (a silence active at that instant
 * whose matchers all match) or inhibited (an inhibit rule's source matches another firing alert of
 * the tenant, its target matches this one, and the {@code equal} labels agree; a missing label
 * counts as empty, as in Alertmanager). A silenced source still inhibits.
 */
final class Muting {
  private final List<Silence> activeSilences;
  private final List<InhibitRule> rules;
  private final List<AlertEvent> firing;

  Muting(List<Silence> silences, List<InhibitRule> rules, List<AlertEvent> firing, Instant now) {
    this.activeSilences = silences.stream().filter(s -> s.activeAt(now)).toList();
    this.rules = rules;
    this.firing = firing;
  }

  boolean muted(AlertEvent a) {
    return silenced(a.labels()) || inhibited(a);
  }

  boolean silenced(Map<String, String> labels) {
    for (Silence s : activeSilences) {
      if (LabelMatcher.all(s.matchers(), labels)) {
        return true;
      }
    }
    return false;
  }

  boolean inhibited(AlertEvent target) {
    for (InhibitRule rule : rules) {
      if (!LabelMatcher.all(rule.target(), target.labels())) {
        continue;
      }
      for (AlertEvent source : firing) {
        if (!source.fingerprint().equals(target.fingerprint())
            && LabelMatcher.all(rule.source(), source.labels())
            && equalLabels(rule.equal(), source.labels(), target.labels())) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean equalLabels(
      List<String> names, Map<String, String> a, Map<String, String> b) {
    if (names == null) {
      return true;
    }
    for (String n : names) {
      if (!Objects.equals(a.getOrDefault(n, ""), b.getOrDefault(n, ""))) {
        return false;
      }
    }
    return true;
  }
}
