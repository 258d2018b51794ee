package io.obsera.alert.evaluate;

import io.obsera.model.alert.AlertEvent;
import io.obsera.model.alert.AlertState;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The life cycle of alerts kept in one store (key: the evaluator's alert key): an alert fires once
 * (sequence 1) after its condition held for the hold time, emits a FIRING update only when its
 * severity, labels or detail changed, and resolves once. Nothing is emitted for an evaluation that
 * changes nothing, so ticks and replays of the same state are silent. Every event is forwarded
 * keyed by its {@link AlertEvent#key()}, with its own time as the record timestamp.
 */
final class AlertBook {
  private final KeyValueStore<String, AlertStatus> store;
  private final Consumer<AlertEvent> out;

  AlertBook(
      KeyValueStore<String, AlertStatus> store, ProcessorContext<String, AlertEvent> context) {
    this.store = store;
    this.out = e -> context.forward(new Record<>(e.key(), e, e.time().toEpochMilli()));
  }

  /**
   * The condition of {@code d} holds at {@code now}, and has since {@code since} when this is the
   * first time it is seen; it fires once it held for {@code hold}. A remembered resolve is final.
   */
  void holds(String key, AlertDraft d, Instant now, Duration hold, Instant since) {
    AlertStatus prev = store.get(key);
    if (prev != null && prev.resolved()) {
      return;
    }
    if (prev != null && prev.firing() && !prev.last().fingerprint().equals(d.fingerprint())) {
      // the rule's labels changed: that alert ends, one with the new label set starts
      clears(
          key, now, "Labels of the rule changed; this alert continues as a new one.", null, false);
      prev = null;
    }
    if (prev == null || !prev.firing()) {
      Instant start = prev != null && prev.pendingSince() != null ? prev.pendingSince() : since;
      if (Duration.between(start, now).compareTo(hold) >= 0) {
        emit(key, event(d, AlertState.FIRING, 1, start, null, now), d.detail());
      } else if (prev == null) {
        store.put(key, AlertStatus.pending(start));
      }
      return;
    }
    AlertEvent last = prev.last();
    if (last.severity() != d.severity()
        || !last.labels().equals(d.labels())
        || !Objects.equals(prev.detail(), d.detail())) {
      emit(
          key,
          event(d, AlertState.FIRING, last.sequence() + 1, last.startsAt(), null, now),
          d.detail());
    }
  }

  /** {@link #holds} with no hold time: fires at the first evaluation that finds it. */
  void holds(String key, AlertDraft d, Instant now) {
    holds(key, d, now, Duration.ZERO, now);
  }

  /**
   * The condition no longer holds: a firing alert resolves with {@code summary} (and the value that
   * decided, if any); a pending one is forgotten. With {@code remember} the resolved alert stays in
   * the store (see {@link #forget}), else it is removed and may fire again later.
   */
  void clears(String key, Instant now, String summary, Double value, boolean remember) {
    AlertStatus prev = store.get(key);
    if (prev == null || prev.resolved()) {
      return;
    }
    if (!prev.firing()) {
      store.delete(key);
      return;
    }
    AlertEvent l = prev.last();
    AlertEvent resolved =
        new AlertEvent(
            l.tenantId(),
            l.fingerprint(),
            l.ruleId(),
            l.name(),
            l.source(),
            l.severity(),
            AlertState.RESOLVED,
            l.sequence() + 1,
            l.labels(),
            summary,
            value,
            l.threshold(),
            l.startsAt(),
            now,
            now);
    out.accept(resolved);
    if (remember) {
      store.put(key, new AlertStatus(null, resolved, prev.detail()));
    } else {
      store.delete(key);
    }
  }

  AlertStatus get(String key) {
    return store.get(key);
  }

  void forget(String key) {
    store.delete(key);
  }

  private void emit(String key, AlertEvent e, String detail) {
    out.accept(e);
    store.put(key, new AlertStatus(null, e, detail));
  }

  private static AlertEvent event(
      AlertDraft d,
      AlertState state,
      long sequence,
      Instant startsAt,
      Instant endsAt,
      Instant now) {
    return new AlertEvent(
        d.tenantId(),
        d.fingerprint(),
        d.ruleId(),
        d.name(),
        d.source(),
        d.severity(),
        state,
        sequence,
        d.labels(),
        d.summary(),
        d.value(),
        d.threshold(),
        startsAt,
        endsAt,
        now);
  }
}
