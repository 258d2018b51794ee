package io.obsera.query.alerts;

import java.util.ArrayList;
import java.util.List;

/**
 * The alert life cycle of the alert worker's {@code AlertBook} replayed over one group's
 * evaluations, oldest first: a breach starts a pending alert (since that evaluation); it fires at
 * the first breaching evaluation at least {@code holdMs} after the pending start (at once with 0),
 * with the pending start as its start; the first evaluation that does not breach resolves a firing
 * alert and forgets a pending one, which may start again later. Times between evaluations change
 * nothing. The worker keeps this state in Kafka Streams stores; this class is the same decision for
 * a series already in hand (the rule preview), tested against the worker's cases.
 */
final class FiringTimeline {
  /** One evaluation: at {@code timeMs} the value (null: none) breached or not. */
  record Evaluation(long timeMs, Double value, boolean breaching) {}

  /**
   * One alert: {@code startMs} its start (the pending start, as the alert reports it), {@code
   * firedMs} the evaluation that fired it, {@code endMs} the evaluation that resolved it (null:
   * still firing after the last evaluation), {@code peak} the highest (or, with {@code lowIsWorse},
   * lowest) breaching value from its start on (null when no breaching evaluation had a value).
   */
  record Interval(long startMs, long firedMs, Long endMs, Double peak) {}

  private FiringTimeline() {}

  static List<Interval> intervals(List<Evaluation> evaluations, long holdMs, boolean lowIsWorse) {
    List<Interval> out = new ArrayList<>();
    Long pendingSince = null;
    Long firedAt = null;
    Double peak = null;
    for (Evaluation e : evaluations) {
      if (e.breaching()) {
        if (pendingSince == null) {
          pendingSince = e.timeMs();
          peak = null;
        }
        peak = worse(peak, e.value(), lowIsWorse);
        if (firedAt == null && e.timeMs() - pendingSince >= holdMs) {
          firedAt = e.timeMs();
        }
      } else {
        if (firedAt != null) {
          out.add(new Interval(pendingSince, firedAt, e.timeMs(), peak));
        }
        pendingSince = null;
        firedAt = null;
      }
    }
    if (firedAt != null) {
      out.add(new Interval(pendingSince, firedAt, null, peak));
    }
    return out;
  }

  private static Double worse(Double peak, Double value, boolean lowIsWorse) {
    if (value == null) {
      return peak;
    }
    if (peak == null) {
      return value;
    }
    return lowIsWorse ? Math.min(peak, value) : Math.max(peak, value);
  }
}
