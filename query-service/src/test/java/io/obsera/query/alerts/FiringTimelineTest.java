package io.obsera.query.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.obsera.query.alerts.FiringTimeline.Evaluation;
import io.obsera.query.alerts.FiringTimeline.Interval;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The preview's alert life cycle, on the cases of the alert worker's ThresholdAlertsTopologyTest
 * (evaluations every 15 s there, as here): pending for forMs then firing with the pending start,
 * resolved at the first evaluation that does not breach, no alert when the breach ends first.
 */
class FiringTimelineTest {
  private static final long TICK = 15_000;

  /** Evaluations every 15 s: {@code b} breaching (value 10 + i), {@code .} not (value 0.01). */
  private static List<Evaluation> ticks(String pattern) {
    List<Evaluation> out = new ArrayList<>();
    for (int i = 0; i < pattern.length(); i++) {
      boolean b = pattern.charAt(i) == 'b';
      out.add(new Evaluation(i * TICK, b ? 10.0 + i : 0.01, b));
    }
    return out;
  }

  @Test
  void should_stayPendingFor_thenFire_thenResolve_atTheFirstEvaluationThatNoLongerBreaches() {
    // worker: breach at tick 0, pending for 45 s, fires at 60 s with startsAt the first breach
    List<Interval> out = FiringTimeline.intervals(ticks("bbbbbbb."), 60_000, false);
    assertThat(out).containsExactly(new Interval(0, 4 * TICK, 7 * TICK, 16.0));
  }

  @Test
  void should_notFire_whenTheBreachEndsBeforeFor() {
    assertThat(FiringTimeline.intervals(ticks("bb........"), 60_000, false)).isEmpty();
  }

  @Test
  void should_fireAtTheFirstBreach_withoutFor() {
    assertThat(FiringTimeline.intervals(ticks(".b."), 0, false))
        .containsExactly(new Interval(TICK, TICK, 2 * TICK, 11.0));
  }

  @Test
  void should_startPendingAgain_afterAClear_andLeaveTheLastOpen() {
    // pending forgotten at the clear; the next run needs forMs again
    List<Interval> out = FiringTimeline.intervals(ticks("bb.bbbbbb"), 30_000, false);
    assertThat(out).containsExactly(new Interval(3 * TICK, 5 * TICK, null, 18.0));
  }

  @Test
  void should_keepTheLowestValueAsPeak_forBelow() {
    List<Evaluation> e =
        List.of(
            new Evaluation(0, 5.0, true),
            new Evaluation(TICK, 2.0, true),
            new Evaluation(2 * TICK, 3.0, true),
            new Evaluation(3 * TICK, null, false));
    assertThat(FiringTimeline.intervals(e, 0, true))
        .containsExactly(new Interval(0, 0, 3 * TICK, 2.0));
  }

  @Test
  void should_resolveWhenTheWindowHoldsNoValue() {
    List<Evaluation> e = List.of(new Evaluation(0, 1.0, true), new Evaluation(TICK, null, false));
    assertThat(FiringTimeline.intervals(e, 0, false))
        .containsExactly(new Interval(0, 0, TICK, 1.0));
  }
}
