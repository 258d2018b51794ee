package io.obsera.streams.slo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.obsera.model.control.SloDefinition;
import io.obsera.model.control.SloKind;
import io.obsera.model.control.SloPeriod;
import io.obsera.model.facts.BurnRates;
import io.obsera.model.facts.SliDelta;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;

/** SLI counts and burn rates against hand-computed values (see {@link SloDriverFixture}). */
class SloTopologyTest extends SloDriverFixture {

  @Test
  void should_burnAt20_onTheHourWindow_forA999Slo_with2PercentErrors() throws Exception {
    define(availability("checkout", 0.999));
    for (int k = 0; k < 60; k++) {
      traffic(k, 100, 2);
    }

    List<BurnRates> out = flushAndEmit();

    List<SliDelta> counts = sli.readValuesToList();
    assertThat(counts).hasSize(60);
    assertThat(counts.stream().mapToLong(SliDelta::total).sum()).isEqualTo(6000);
    assertThat(counts.stream().mapToLong(SliDelta::good).sum()).isEqualTo(5880);
    assertThat(out).singleElement();
    BurnRates b = out.get(0);
    assertThat(b.timeMillis()).isEqualTo(T0.plus(BURN).toEpochMilli());
    assertThat(b.burn1h()).isCloseTo(20.0, within(EPS));
    assertThat(b.burn5m()).isCloseTo(20.0, within(EPS));
    assertThat(b.burn3d()).isCloseTo(20.0, within(EPS));
    assertThat(b.budgetRemaining()).isCloseTo(1 - 120 / (0.001 * 6000), within(EPS));
    assertThat(b.objective()).isEqualTo(0.999);
  }

  @Test
  void should_computeEveryWindow_andTheBudget_asByHand() throws Exception {
    define(availability("checkout", 0.99));
    for (int k = 0; k < 5; k++) {
      traffic(k, 100, 10); // 5m: 500 spans, 50 bad
    }
    for (int k = 5; k < 30; k++) {
      traffic(k, 100, 2); // to 30m: 2500 more, 50 bad
    }
    for (int k = 30; k < 60; k++) {
      traffic(k, 100, 0); // to 1h: 3000 more, none bad
    }
    for (int k = 60; k < 120; k++) {
      traffic(k, 100, 1); // to 2h: 6000 more, 60 bad
    }
    traffic(1000, 1000, 100); // 16.7 h ago
    traffic(2000, 1000, 500); // 33 h ago
    traffic(5 * 1440, 1000, 1000); // 5 days ago: past the 3d ring, inside the 30-day period

    BurnRates b = flushAndEmit().get(0);

    assertThat(b.burn5m()).isCloseTo(50.0 / 500 / 0.01, within(EPS)); // 10
    assertThat(b.burn30m()).isCloseTo(100.0 / 3000 / 0.01, within(EPS)); // 3.33
    assertThat(b.burn1h()).isCloseTo(100.0 / 6000 / 0.01, within(EPS)); // 1.67
    assertThat(b.burn2h()).isCloseTo(160.0 / 12000 / 0.01, within(EPS)); // 1.33
    assertThat(b.burn6h()).isCloseTo(160.0 / 12000 / 0.01, within(EPS));
    assertThat(b.burn1d()).isCloseTo(260.0 / 13000 / 0.01, within(EPS)); // 2
    assertThat(b.burn3d()).isCloseTo(760.0 / 14000 / 0.01, within(EPS)); // 5.43
    assertThat(b.periodTotal()).isEqualTo(15000);
    assertThat(b.periodGood()).isEqualTo(15000 - 1760);
    assertThat(b.budgetRemaining()).isCloseTo(1 - 1760 / (0.01 * 15000), within(EPS)); // -10.7
  }

  @Test
  void should_countLatency_byThreshold_andOnlyMatchingSpans() throws Exception {
    SloDefinition latency =
        new SloDefinition(
            TENANT,
            "checkout-fast",
            "fast checkout",
            SloKind.LATENCY,
            "checkout",
            "POST /checkout",
            "SERVER",
            100.0,
            0.9,
            SloPeriod.CALENDAR_MONTH,
            T0,
            T0,
            "test");
    define(latency);
    Instant t = minutesAgo(0);
    send(
        "checkout",
        List.of(
            SloSpansTest.span("POST /checkout", t, 50, false),
            SloSpansTest.span("POST /checkout", t, 100, false), // at the threshold: good
            SloSpansTest.span("POST /checkout", t, 150, false), // slow: bad
            SloSpansTest.span("POST /checkout", t, 10, true), // fast error: good for latency
            SloSpansTest.span("GET /cart", t, 500, false), // other operation
            SloSpansTest.span("POST /checkout", t, 500, false).toBuilder()
                .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                .build())); // other kind
    send("payments", List.of(SloSpansTest.span("POST /checkout", t, 500, false)));

    BurnRates b = flushAndEmit().get(0);

    assertThat(sli.readKeyValuesToList())
        .containsExactly(
            KeyValue.pair(
                latency.key(), new SliDelta(TENANT, "checkout-fast", t.toEpochMilli(), 3, 4)));
    assertThat(b.burn5m()).isCloseTo(0.25 / 0.1, within(EPS));
    assertThat(b.periodTotal()).isEqualTo(4);
  }

  @Test
  void should_keepEmitting_andDecayToZero_whenTrafficStops() throws Exception {
    define(availability("checkout", 0.999));
    for (int k = 0; k < 60; k++) {
      traffic(k, 100, 2);
    }
    assertThat(flushAndEmit().get(0).burn1h()).isCloseTo(20.0, within(EPS));

    advance(Duration.ofMinutes(60)); // now 11:01: the errors are 1 to 2 hours old
    List<BurnRates> hourLater = burn.readValuesToList();
    assertThat(hourLater).singleElement();
    BurnRates h = hourLater.get(0);
    assertThat(h.burn5m()).isZero();
    assertThat(h.burn1h()).isZero();
    assertThat(h.burn2h()).isCloseTo(20.0, within(EPS));
    assertThat(h.burn6h()).isCloseTo(20.0, within(EPS));

    advance(Duration.ofDays(3)); // every window has passed them; the 30-day budget has not
    BurnRates later = burn.readValuesToList().get(0);
    assertThat(
            List.of(
                later.burn5m(),
                later.burn30m(),
                later.burn1h(),
                later.burn2h(),
                later.burn6h(),
                later.burn1d(),
                later.burn3d()))
        .containsOnly(0.0);
    assertThat(later.budgetRemaining()).isCloseTo(-19.0, within(EPS));

    for (int i = 0; i < 3; i++) {
      advance(BURN);
    }
    assertThat(burn.readValuesToList()).hasSize(3);
  }

  @Test
  void should_addLateSpans_toTheirMinute() throws Exception {
    define(availability("checkout", 0.99));
    traffic(0, 100, 0);
    assertThat(flushAndEmit().get(0).burn30m()).isZero();

    traffic(10, 25, 25); // ten minutes late, in two flushes of the same minute
    advance(FLUSH);
    traffic(10, 75, 25);
    traffic(4 * 1440, 100, 100); // four days late: older than the 3d ring, inside the period
    List<BurnRates> out = flushAndEmit(); // now 10:02

    BurnRates b = out.get(0);
    assertThat(b.burn30m()).isCloseTo(50.0 / 200 / 0.01, within(EPS));
    assertThat(b.burn5m()).isZero();
    assertThat(b.burn3d()).isCloseTo(50.0 / 200 / 0.01, within(EPS));
    assertThat(b.periodTotal()).isEqualTo(300);
    assertThat(b.periodGood()).isEqualTo(150);
    List<SliDelta> deltas = sli.readValuesToList();
    assertThat(deltas)
        .filteredOn(d -> d.minuteStartMillis() == minutesAgo(10).toEpochMilli())
        .extracting(SliDelta::good, SliDelta::total)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(0L, 25L),
            org.assertj.core.groups.Tuple.tuple(50L, 75L));
    assertThat(deltas).anyMatch(d -> d.minuteStartMillis() == minutesAgo(4 * 1440).toEpochMilli());
  }

  @Test
  void should_ignoreAndCount_spansOlderThanAnyPeriod_orFarAhead_ofTheInjectedClock()
      throws Exception {
    define(availability("checkout", 0.99));
    traffic(0, 10, 0);
    traffic(36 * 1440, 7, 7); // 36 days before the clock's now
    traffic(-61, 3, 3); // 61 minutes after it

    BurnRates b = flushAndEmit().get(0);

    assertThat(slo.ignoredSpans()).isEqualTo(10);
    assertThat(sli.readValuesToList()).extracting(SliDelta::total).containsExactly(10L);
    assertThat(b.periodTotal()).isEqualTo(10);
    assertThat(b.burn5m()).isZero();
  }
}
