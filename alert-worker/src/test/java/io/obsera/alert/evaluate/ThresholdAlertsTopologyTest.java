package io.obsera.alert.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.obsera.model.Topics;
import io.obsera.model.alert.AlertEvent;
import io.obsera.model.alert.AlertSource;
import io.obsera.model.alert.AlertState;
import io.obsera.model.control.AlertSignal;
import io.obsera.model.control.Comparison;
import io.obsera.model.facts.LatencyBuckets;
import io.obsera.model.facts.RedMinute;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.StreamsBuilder;
import org.junit.jupiter.api.Test;

/** Threshold rules on RED rollups: for, resolve, groupBy, latency percentiles, rule changes. */
class ThresholdAlertsTopologyTest extends EvaluationDriverFixture {

  /** A RED row of checkout's {@code POST /pay} in {@code region}, the minute {@code ago} back. */
  void red(String region, int minutesAgo, long count, long errors, double... latenciesMs) {
    long[] buckets = new long[LatencyBuckets.COUNT];
    for (int i = 0; i < count; i++) {
      double ms = latenciesMs.length == 0 ? 10 : latenciesMs[i % latenciesMs.length];
      buckets[LatencyBuckets.index((long) (ms * 1_000_000))]++;
    }
    long minute = clock.millis() / 60_000 * 60_000 - minutesAgo * 60_000L;
    RedMinute r =
        new RedMinute(TENANT, "checkout", "POST /pay", region, minute, count, errors, 0, buckets);
    pipe(Topics.RED_MINUTE, r.seriesKey(), r);
  }

  @Test
  void should_stayPendingFor_thenFire_thenResolve_atTheFirstEvaluationThatNoLongerBreaches() {
    rule(threshold("errors", AlertSignal.ERROR_RATE, Comparison.ABOVE, 0.1).forMs(60_000).r());
    red("eu", 2, 100, 20);
    tick(); // first breach: pending since now
    Instant since = clock.instant();
    for (int i = 0; i < 3; i++) {
      tick();
    }
    assertThat(events()).as("pending for 45 s of 60 s").isEmpty();
    tick();
    List<AlertEvent> fired = events();
    assertThat(fired).hasSize(1);
    AlertEvent e = fired.get(0);
    assertThat(e.state()).isEqualTo(AlertState.FIRING);
    assertThat(e.sequence()).isEqualTo(1);
    assertThat(e.source()).isEqualTo(AlertSource.THRESHOLD);
    assertThat(e.startsAt()).isEqualTo(since);
    assertThat(e.value()).isEqualTo(0.2);
    assertThat(e.threshold()).isEqualTo(0.1);
    assertThat(e.labels())
        .containsEntry("severity", "ticket")
        .containsEntry("source", "threshold")
        .containsEntry("service", "checkout");
    assertThat(e.summary()).contains("error rate of checkout 0.2 is above 0.1", "5m");
    tick();
    tick();
    assertThat(events()).as("no update per tick").isEmpty();

    red("eu", 1, 1000, 0); // 20 errors in 1100 requests now
    tick();
    List<AlertEvent> resolved = events();
    assertThat(resolved).hasSize(1);
    assertThat(resolved.get(0).state()).isEqualTo(AlertState.RESOLVED);
    assertThat(resolved.get(0).sequence()).isEqualTo(2);
    assertThat(resolved.get(0).fingerprint()).isEqualTo(e.fingerprint());
  }

  @Test
  void should_notFire_whenTheBreachEndsBeforeFor() {
    rule(threshold("errors", AlertSignal.ERROR_RATE, Comparison.ABOVE, 0.1).forMs(60_000).r());
    red("eu", 2, 100, 20);
    tick();
    tick();
    red("eu", 1, 1000, 0);
    for (int i = 0; i < 8; i++) {
      tick();
    }
    assertThat(events()).isEmpty();
  }

  @Test
  void should_splitAlertsByGroup_andUpdateWhenTheValueChangesBand() {
    rule(threshold("errors", AlertSignal.ERROR_RATE, Comparison.ABOVE, 0.1).groupBy("region").r());
    red("eu", 2, 100, 15);
    red("us", 2, 100, 1);
    tick();
    List<AlertEvent> first = events();
    assertThat(first).hasSize(1);
    assertThat(first.get(0).labels()).containsEntry("region", "eu");
    red("us", 1, 100, 40); // us: 41 of 200
    tick();
    List<AlertEvent> second = events();
    assertThat(second).hasSize(1);
    assertThat(second.get(0).labels()).containsEntry("region", "us");
    assertThat(second.get(0).fingerprint()).isNotEqualTo(first.get(0).fingerprint());
    assertThat(second.get(0).summary()).contains("(region=us)");

    red("eu", 1, 100, 60); // eu: 75 of 200 = 0.375, more than twice the threshold
    tick();
    List<AlertEvent> update = events();
    assertThat(update).hasSize(1);
    assertThat(update.get(0).fingerprint()).isEqualTo(first.get(0).fingerprint());
    assertThat(update.get(0).state()).isEqualTo(AlertState.FIRING);
    assertThat(update.get(0).sequence()).isEqualTo(2);
    assertThat(update.get(0).value()).isEqualTo(0.375);
  }

  @Test
  void should_computeTheLatencyPercentile_fromTheHistogram() {
    rule(threshold("p99", AlertSignal.LATENCY, Comparison.ABOVE, 500).percentile(99).r());
    rule(threshold("p95", AlertSignal.LATENCY, Comparison.ABOVE, 500).percentile(95).r());
    // 98 of 100 requests at 10 ms, 2 at 800 ms: the 99th is 800 ms (within its bucket), the 95th
    // 10 ms
    double[] latencies = new double[100];
    java.util.Arrays.fill(latencies, 10);
    latencies[0] = 800;
    latencies[1] = 800;
    red("eu", 2, 100, 0, latencies);
    tick();
    List<AlertEvent> fired = events();
    assertThat(fired).hasSize(1);
    assertThat(fired.get(0).ruleId()).isEqualTo("p99");
    assertThat(fired.get(0).value()).isBetween(800.0, 800 * 1.19);
    assertThat(fired.get(0).summary()).contains("p99 latency (ms) of checkout");
  }

  @Test
  void should_resolveAnAlertOfADisabledOrDeletedRule() {
    Rules rule = threshold("errors", AlertSignal.ERROR_RATE, Comparison.ABOVE, 0.1);
    rule(rule.r());
    red("eu", 2, 100, 20);
    tick();
    assertThat(events()).extracting(AlertEvent::state).containsExactly(AlertState.FIRING);
    rule(rule.enabled(false).r());
    tick();
    assertThat(events()).extracting(AlertEvent::state).containsExactly(AlertState.RESOLVED);
    rule(rule.r()); // enabled again: its data was dropped with it, new data fires anew
    tick();
    assertThat(events()).isEmpty();
    red("eu", 1, 100, 20);
    tick();
    assertThat(events()).extracting(AlertEvent::sequence).containsExactly(1L);
    pipe(Topics.CONTROL_ALERT_RULES, rule.r().key(), null);
    tick();
    assertThat(events()).extracting(AlertEvent::state).containsExactly(AlertState.RESOLVED);
    tick();
    assertThat(events()).isEmpty();
  }

  @Test
  void should_alertOnRequestRateBelow_whenTheServiceGoesQuiet() {
    rule(threshold("quiet", AlertSignal.REQUEST_RATE, Comparison.BELOW, 1).windowMs(120_000).r());
    red("eu", 1, 600, 0); // 600 requests in 2 minutes: 5 per second
    tick();
    assertThat(events()).isEmpty();
    tick(Duration.ofMinutes(3)); // the window holds nothing: 0 per second
    List<AlertEvent> fired = events();
    assertThat(fired).hasSize(1);
    assertThat(fired.get(0).value()).isEqualTo(0.0);
  }

  @Test
  void should_nameEveryProcessorStoreAndRepartition() {
    StreamsBuilder b = new StreamsBuilder();
    topology.addTo(b);
    String d = b.build().describe().toString();
    assertThat(d)
        .contains(
            "alert-eval-samples-repartition",
            "alert-eval-burn-rates",
            "alert-eval-thresholds",
            "alert-eval-outages",
            EvaluationTopology.WINDOWS_STORE,
            EvaluationTopology.RULES_STORE)
        .doesNotContain("KSTREAM-");
  }
}
