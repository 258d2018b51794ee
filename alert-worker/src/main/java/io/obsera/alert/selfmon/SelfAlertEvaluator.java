package io.obsera.alert.selfmon;

import io.obsera.alert.evaluate.Fingerprints;
import io.obsera.model.alert.AlertEvent;
import io.obsera.model.alert.AlertSource;
import io.obsera.model.alert.AlertState;
import io.obsera.model.alert.Severity;
import io.obsera.model.control.TenantRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns health samples into alert events of the reserved tenant {@value #TENANT}: a check fires
 * (FIRING, sequence 1) once it has held for its {@link SelfChecks#holdFor} duration, and resolves
 * (RESOLVED, sequence 2) at the first sample where it no longer holds. A check whose value is not
 * known in a sample keeps its state. Time comes from the injected clock.
 */
public final class SelfAlertEvaluator {
  /** The reserved tenant of operator alerts (and of the operator's audit events). */
  public static final String TENANT = TenantRecord.OPERATOR;

  private static final class State {
    Instant holdingSince;
    Instant startsAt;
    long sequence;
  }

  private final SelfChecks checks;
  private final Clock clock;
  private final Map<SelfCheck, State> states = new EnumMap<>(SelfCheck.class);

  public SelfAlertEvaluator(SelfMonitorConfig config, Clock clock) {
    this.checks = new SelfChecks(config);
    this.clock = clock;
  }

  /** The events this sample causes (none when nothing changed). */
  public List<AlertEvent> evaluate(HealthSample sample) {
    Instant now = clock.instant();
    List<AlertEvent> events = new ArrayList<>();
    for (SelfChecks.Verdict v : checks.judge(sample, now)) {
      if (v.holds() == null) {
        continue;
      }
      State st = states.computeIfAbsent(v.check(), c -> new State());
      if (v.holds()) {
        if (st.holdingSince == null) {
          st.holdingSince = now;
        }
        boolean due = !now.isBefore(st.holdingSince.plus(checks.holdFor(v.check())));
        if (st.startsAt == null && due) {
          st.startsAt = st.holdingSince;
          st.sequence = 1;
          events.add(event(v, AlertState.FIRING, st, now));
        }
      } else {
        st.holdingSince = null;
        if (st.startsAt != null) {
          st.sequence++;
          events.add(event(v, AlertState.RESOLVED, st, now));
          st.startsAt = null;
        }
      }
    }
    return events;
  }

  /**
   * Takes over the operator alerts that were firing when the previous self-monitor stopped ({@code
   * events}: the latest event per fingerprint): each stays firing, with its start and sequence, and
   * resolves at the first sample where its check no longer holds. Call before the first sample.
   */
  public void restore(List<AlertEvent> events) {
    for (SelfCheck c : SelfCheck.values()) {
      String fingerprint = Fingerprints.of(TENANT, c.id(), labels(c));
      for (AlertEvent e : events) {
        if (fingerprint.equals(e.fingerprint())
            && e.state() == AlertState.FIRING
            && e.startsAt() != null) {
          State st = states.computeIfAbsent(c, k -> new State());
          st.startsAt = e.startsAt();
          st.holdingSince = e.startsAt();
          st.sequence = e.sequence();
          checks.restoredFiring(c, e.time() != null ? e.time() : e.startsAt());
        }
      }
    }
  }

  /** The checks firing now, for logs and tests. */
  public List<SelfCheck> firing() {
    return states.entrySet().stream()
        .filter(e -> e.getValue().startsAt != null)
        .map(Map.Entry::getKey)
        .toList();
  }

  private static Map<String, String> labels(SelfCheck c) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("severity", c.severity().name().toLowerCase(Locale.ROOT));
    labels.put("source", AlertSource.THRESHOLD.name().toLowerCase(Locale.ROOT));
    labels.put("rule", c.id());
    labels.put("component", c.component());
    return labels;
  }

  private static AlertEvent event(SelfChecks.Verdict v, AlertState state, State st, Instant now) {
    SelfCheck c = v.check();
    Map<String, String> labels = labels(c);
    String summary =
        state == AlertState.FIRING ? v.summary() : c.title().substring(8) + ": back to normal";
    return new AlertEvent(
        TENANT,
        Fingerprints.of(TENANT, c.id(), labels),
        c.id(),
        c.title(),
        AlertSource.THRESHOLD,
        c.severity() == null ? Severity.TICKET : c.severity(),
        state,
        st.sequence,
        labels,
        summary,
        v.value(),
        v.threshold(),
        st.startsAt,
        state == AlertState.RESOLVED ? now : null,
        now);
  }
}
