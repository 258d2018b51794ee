package io.obsera.query.sla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obsera.model.control.MaintenanceWindow;
import io.obsera.model.probe.OutageEvent.Kind;
import io.obsera.query.sla.SlaCalculator.Coverage;
import io.obsera.query.sla.SlaCalculator.Figures;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SLA arithmetic against months computed by hand (figures in the comments). */
class SlaCalculatorTest {
  static final ZoneId UTC = ZoneOffset.UTC;
  static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  static final Instant LATER = Instant.parse("2030-01-01T00:00:00Z");

  static Outage outage(Kind kind, String start, String end) {
    return new Outage(
        "o-" + start,
        "api",
        kind,
        Instant.parse(start),
        end == null ? null : Instant.parse(end),
        List.of("eu-west"),
        "test");
  }

  static MaintenanceWindow window(String start, String end) {
    return new MaintenanceWindow(Instant.parse(start), Instant.parse(end), "planned");
  }

  static Figures month(
      String month, ZoneId zone, List<Outage> outages, List<MaintenanceWindow> windows) {
    SlaMonth m = new SlaMonth(YearMonth.parse(month), zone);
    Coverage c = SlaCalculator.endpoint(outages, windows, m.start(), m.end(), LATER);
    return SlaCalculator.figures(c, m.start(), m.end(), LATER, 0.999);
  }

  @Test
  void should_giveTheDocumentedBudgets_for28_30And31DayMonths() {
    // 0.1% of 28 * 1440 = 40.32, of 30 * 1440 = 43.2, of 31 * 1440 = 44.64 minutes.
    Figures feb = month("2026-02", UTC, List.of(), List.of());
    assertThat(feb.budgetMinutes()).isEqualTo(40.32);
    assertThat(feb.elapsedMinutes()).isEqualTo(40_320);
    assertThat(feb.uptimePercent()).isEqualTo(100.0);
    assertThat(feb.budgetRemainingPercent()).isEqualTo(100.0);
    assertThat(month("2026-09", UTC, List.of(), List.of()).budgetMinutes()).isEqualTo(43.2);
    assertThat(month("2026-10", UTC, List.of(), List.of()).budgetMinutes()).isEqualTo(44.64);
  }

  @Test
  void should_countDownOnly_degradedIsUp() {
    // 30 min down of 43200: uptime 1 - 30/43200 = 99.93056 %; budget left 43.2 - 30 = 13.2
    // minutes = 30.56 % of it. The two degraded hours change nothing.
    Figures f =
        month(
            "2026-09",
            UTC,
            List.of(
                outage(Kind.DOWN, "2026-09-10T10:00:00Z", "2026-09-10T10:30:00Z"),
                outage(Kind.DEGRADED, "2026-09-11T10:00:00Z", "2026-09-11T12:00:00Z")),
            List.of());
    assertThat(f.downtimeMinutes()).isEqualTo(30.0);
    assertThat(f.uptimePercent()).isEqualTo(99.9306);
    assertThat(f.budgetRemainingMinutes()).isEqualTo(13.2);
    assertThat(f.budgetRemainingPercent()).isEqualTo(30.56);
  }

  @Test
  void should_splitAnOutageCrossingTheMonthEdge_betweenBothMonths() {
    // 23:50 on 30 Sep to 00:20 on 1 Oct: 10 minutes in September, 20 in October.
    List<Outage> o = List.of(outage(Kind.DOWN, "2026-09-30T23:50:00Z", "2026-10-01T00:20:00Z"));
    assertThat(month("2026-09", UTC, o, List.of()).downtimeMinutes()).isEqualTo(10.0);
    Figures oct = month("2026-10", UTC, o, List.of());
    assertThat(oct.downtimeMinutes()).isEqualTo(20.0);
    assertThat(oct.budgetRemainingMinutes()).isEqualTo(24.64);
    SlaMonth m = new SlaMonth(YearMonth.of(2026, 10), UTC);
    List<SlaCalculator.OutageLine> lines = SlaCalculator.outageList(o, m.start(), m.end(), LATER);
    assertThat(lines).hasSize(1);
    assertThat(lines.get(0).start()).isEqualTo(Instant.parse("2026-10-01T00:00:00Z"));
    assertThat(lines.get(0).end()).isEqualTo(Instant.parse("2026-10-01T00:20:00Z"));
    assertThat(lines.get(0).minutes()).isEqualTo(20.0);
  }

  @Test
  void should_excludeMaintenance_fromDowntimeAndFromTheDenominator() {
    // Down 10:00-11:00, maintenance 10:30-12:00: 30 min down, 90 min maintenance.
    // Measured 43200 - 90 = 43110; uptime 1 - 30/43110 = 99.93041 %; budget 0.1% of 43110 =
    // 43.11, left 13.11.
    Figures f =
        month(
            "2026-09",
            UTC,
            List.of(outage(Kind.DOWN, "2026-09-10T10:00:00Z", "2026-09-10T11:00:00Z")),
            List.of(window("2026-09-10T10:30:00Z", "2026-09-10T12:00:00Z")));
    assertThat(f.downtimeMinutes()).isEqualTo(30.0);
    assertThat(f.maintenanceMinutes()).isEqualTo(90.0);
    assertThat(f.measuredMinutes()).isEqualTo(43_110.0);
    assertThat(f.uptimePercent()).isEqualTo(99.9304);
    assertThat(f.budgetMinutes()).isEqualTo(43.11);
    assertThat(f.budgetRemainingMinutes()).isEqualTo(13.11);
  }

  @Test
  void should_reportNoDataSeparately_outsideTheDenominator() {
    // 2 h without data, 1 h down: measured 43200 - 120 = 43080; uptime 1 - 60/43080 = 99.86072 %;
    // budget 43.08, left -16.92 = -39.28 % (overspent).
    Figures f =
        month(
            "2026-09",
            UTC,
            List.of(
                outage(Kind.NO_DATA, "2026-09-05T00:00:00Z", "2026-09-05T02:00:00Z"),
                outage(Kind.DOWN, "2026-09-06T00:00:00Z", "2026-09-06T01:00:00Z")),
            List.of());
    assertThat(f.noDataMinutes()).isEqualTo(120.0);
    assertThat(f.downtimeMinutes()).isEqualTo(60.0);
    assertThat(f.uptimePercent()).isEqualTo(99.8607);
    assertThat(f.budgetMinutes()).isEqualTo(43.08);
    assertThat(f.budgetRemainingMinutes()).isEqualTo(-16.92);
    assertThat(f.budgetRemainingPercent()).isEqualTo(-39.28);
  }

  @Test
  void should_useTheTenantsZone_forMonthEdgesAndDstMonths() {
    // Berlin, October 2026: 30 Sep 22:00Z to 31 Oct 23:00Z (clocks go back on the 25th) = 745 h
    // = 44700 min, budget 44.7. March 2026 (clocks go forward on the 29th): 743 h, budget 44.58.
    SlaMonth oct = new SlaMonth(YearMonth.of(2026, 10), BERLIN);
    assertThat(oct.start()).isEqualTo(Instant.parse("2026-09-30T22:00:00Z"));
    assertThat(oct.end()).isEqualTo(Instant.parse("2026-10-31T23:00:00Z"));
    assertThat(oct.minutes()).isEqualTo(745 * 60.0);
    assertThat(new SlaMonth(YearMonth.of(2026, 3), BERLIN).minutes()).isEqualTo(743 * 60.0);
    // 22:30Z-23:30Z on 31 Oct is 23:30-00:30 in Berlin: 30 minutes belong to Berlin's October
    // (60 to UTC's October).
    List<Outage> o = List.of(outage(Kind.DOWN, "2026-10-31T22:30:00Z", "2026-10-31T23:30:00Z"));
    Figures berlin = month("2026-10", BERLIN, o, List.of());
    assertThat(berlin.budgetMinutes()).isEqualTo(44.7);
    assertThat(berlin.downtimeMinutes()).isEqualTo(30.0);
    assertThat(berlin.uptimePercent()).isEqualTo(99.9329); // 1 - 30/44700
    assertThat(month("2026-10", UTC, o, List.of()).downtimeMinutes()).isEqualTo(60.0);
    assertThat(month("2026-03", BERLIN, List.of(), List.of()).budgetMinutes()).isEqualTo(44.58);
    // 25 Oct has 25 hours in Berlin.
    Coverage c = SlaCalculator.endpoint(List.of(), List.of(), oct.start(), oct.end(), LATER);
    List<SlaCalculator.DayUptime> days =
        SlaCalculator.daily(c, oct.start(), oct.end(), LATER, BERLIN);
    assertThat(days).hasSize(31);
    assertThat(days.get(0).date()).isEqualTo(LocalDate.of(2026, 10, 1));
  }

  @Test
  void should_takeTheUnionOfItsEndpoints_forAService() {
    // A down 10:00-10:30, B down 10:20-10:50: the service is down 50 minutes; that day's uptime
    // is 1 - 50/1440 = 96.5278 %.
    SlaMonth m = new SlaMonth(YearMonth.of(2026, 9), UTC);
    Coverage a =
        SlaCalculator.endpoint(
            List.of(outage(Kind.DOWN, "2026-09-10T10:00:00Z", "2026-09-10T10:30:00Z")),
            List.of(),
            m.start(),
            m.end(),
            LATER);
    Coverage b =
        SlaCalculator.endpoint(
            List.of(outage(Kind.DOWN, "2026-09-10T10:20:00Z", "2026-09-10T10:50:00Z")),
            List.of(window("2026-09-20T00:00:00Z", "2026-09-20T01:00:00Z")),
            m.start(),
            m.end(),
            LATER);
    Coverage service = SlaCalculator.service(List.of(a, b), m.start(), m.end(), LATER);
    Figures f = SlaCalculator.figures(service, m.start(), m.end(), LATER, 0.999);
    assertThat(f.downtimeMinutes()).isEqualTo(50.0);
    // Only B was in maintenance: A was measured then, so the service was too.
    assertThat(f.maintenanceMinutes()).isZero();
    List<SlaCalculator.DayUptime> days =
        SlaCalculator.daily(service, m.start(), m.end(), LATER, UTC);
    assertThat(days).hasSize(30);
    assertThat(days.get(9).uptimePercent()).isEqualTo(96.5278);
    assertThat(days.get(10).uptimePercent()).isEqualTo(100.0);
  }

  @Test
  void should_countAnOpenOutageUntilNow_inTheCurrentMonth() {
    // Now 15 Sep 12:00; down since 11:00: 60 minutes of 14.5 days (20880 min) measured, the
    // budget is still the whole month's 43.2 minutes.
    Instant now = Instant.parse("2026-09-15T12:00:00Z");
    SlaMonth m = new SlaMonth(YearMonth.of(2026, 9), UTC);
    List<Outage> o = List.of(outage(Kind.DOWN, "2026-09-15T11:00:00Z", null));
    Coverage c = SlaCalculator.endpoint(o, List.of(), m.start(), m.end(), now);
    Figures f = SlaCalculator.figures(c, m.start(), m.end(), now, 0.999);
    assertThat(f.downtimeMinutes()).isEqualTo(60.0);
    assertThat(f.measuredMinutes()).isEqualTo(20_880.0);
    assertThat(f.uptimePercent()).isEqualTo(99.7126); // 1 - 60/20880
    assertThat(f.budgetMinutes()).isEqualTo(43.2);
    List<SlaCalculator.OutageLine> lines = SlaCalculator.outageList(o, m.start(), m.end(), now);
    assertThat(lines.get(0).ongoing()).isTrue();
    assertThat(lines.get(0).end()).isNull();
  }

  @Test
  void should_measureAnEndpointFromItsCreation_andReportTheDaysBeforeAsNoData() {
    // Created 16 Oct 00:00 UTC, never answered: down since 00:01, now 20 Oct 00:00.
    // Elapsed 19 days = 27360 min, of which 15 days (21600 min) before creation are no data:
    // measured 5760 min, down 5759 min, uptime 1 - 5759/5760 = 0.0174 %. The budget covers the
    // month without the no-data time: 0.1 % of (44640 - 21600) = 23.04 min, 23.04 - 5759 left.
    Instant created = Instant.parse("2026-10-16T00:00:00Z");
    Instant now = Instant.parse("2026-10-20T00:00:00Z");
    SlaMonth m = new SlaMonth(YearMonth.of(2026, 10), UTC);
    List<Outage> o = List.of(outage(Kind.DOWN, "2026-10-16T00:01:00Z", null));
    Instant since = SlaCalculator.measuredSince(created, List.of(o.get(0).start()));
    assertThat(since).isEqualTo(created);
    Coverage c = SlaCalculator.endpoint(o, List.of(), m.start(), m.end(), now, since);
    Figures f = SlaCalculator.figures(c, m.start(), m.end(), now, 0.999);
    assertThat(f.elapsedMinutes()).isEqualTo(27_360.0);
    assertThat(f.noDataMinutes()).isEqualTo(21_600.0);
    assertThat(f.measuredMinutes()).isEqualTo(5_760.0);
    assertThat(f.downtimeMinutes()).isEqualTo(5_759.0);
    assertThat(f.uptimePercent()).isEqualTo(0.0174);
    assertThat(f.budgetMinutes()).isEqualTo(23.04);
    assertThat(f.budgetRemainingMinutes()).isEqualTo(-5_735.96);
    List<SlaCalculator.DayUptime> days = SlaCalculator.daily(c, m.start(), m.end(), now, UTC);
    assertThat(days).hasSize(19);
    for (SlaCalculator.DayUptime d : days.subList(0, 15)) {
      assertThat(d.uptimePercent()).as(d.date().toString()).isNull();
      assertThat(d.measuredMinutes()).as(d.date().toString()).isZero();
      assertThat(d.downtimeMinutes()).as(d.date().toString()).isZero();
    }
    assertThat(days.get(15).date()).isEqualTo(LocalDate.of(2026, 10, 16));
    assertThat(days.get(15).measuredMinutes()).isEqualTo(1_440.0);
    assertThat(days.get(15).downtimeMinutes()).isEqualTo(1_439.0);
    assertThat(days.get(15).uptimePercent()).isEqualTo(0.0694); // 1/1440
    assertThat(days.get(18).uptimePercent()).isEqualTo(0.0);
  }

  @Test
  void should_startAHealthyEndpointAtCreation_andAtAnEarlierOutageIfThereIsOne() {
    // Created 16 Oct 12:00 UTC, no outage, the month is over: 15.5 days (22320 min) measured at
    // 100 %, 15.5 days no data; the 16th has 720 measured minutes.
    SlaMonth m = new SlaMonth(YearMonth.of(2026, 10), UTC);
    Instant created = Instant.parse("2026-10-16T12:00:00Z");
    Coverage c = SlaCalculator.endpoint(List.of(), List.of(), m.start(), m.end(), LATER, created);
    Figures f = SlaCalculator.figures(c, m.start(), m.end(), LATER, 0.999);
    assertThat(f.measuredMinutes()).isEqualTo(22_320.0);
    assertThat(f.noDataMinutes()).isEqualTo(22_320.0);
    assertThat(f.uptimePercent()).isEqualTo(100.0);
    assertThat(f.budgetMinutes()).isEqualTo(22.32);
    List<SlaCalculator.DayUptime> days = SlaCalculator.daily(c, m.start(), m.end(), LATER, UTC);
    assertThat(days.get(14).uptimePercent()).isNull();
    assertThat(days.get(15).measuredMinutes()).isEqualTo(720.0);
    assertThat(days.get(15).uptimePercent()).isEqualTo(100.0);
    // An outage seen before the recorded creation (a definition re-created under its id) starts
    // the measured time there: 14 Oct 00:00 to 01:00 down out of 18 days (25920 min).
    List<Outage> early = List.of(outage(Kind.DOWN, "2026-10-14T00:00:00Z", "2026-10-14T01:00:00Z"));
    Instant since = SlaCalculator.measuredSince(created, List.of(early.get(0).start()));
    assertThat(since).isEqualTo(Instant.parse("2026-10-14T00:00:00Z"));
    Figures g =
        SlaCalculator.figures(
            SlaCalculator.endpoint(early, List.of(), m.start(), m.end(), LATER, since),
            m.start(),
            m.end(),
            LATER,
            0.999);
    assertThat(g.measuredMinutes()).isEqualTo(25_920.0);
    assertThat(g.uptimePercent()).isEqualTo(99.7685); // 1 - 60/25920
  }

  @Test
  void should_computeSloBudgets_fromGoodAndTotal() {
    // 99.9% of 100000 events: 100 bad allowed; 40 bad leave 60 %.
    SlaCalculator.SloFigures s = SlaCalculator.slo("s", "S", 0.999, 99_960, 100_000);
    assertThat(s.sliPercent()).isEqualTo(99.96);
    assertThat(s.allowedBadEvents()).isEqualTo(100.0);
    assertThat(s.badEvents()).isEqualTo(40);
    assertThat(s.budgetRemainingPercent()).isEqualTo(60.0);
    assertThat(SlaCalculator.slo("s", "S", 0.999, 0, 0).sliPercent()).isNull();
  }

  @Test
  void should_refuseFutureMonths_andDefaultToTheCurrentOne() {
    Clock clock = Clock.fixed(Instant.parse("2026-10-31T23:30:00Z"), UTC);
    // Already November in Berlin.
    assertThat(SlaMonth.parse("month", null, BERLIN, clock).month())
        .isEqualTo(YearMonth.of(2026, 11));
    assertThat(SlaMonth.parse("month", null, UTC, clock).month()).isEqualTo(YearMonth.of(2026, 10));
    assertThat(SlaMonth.parse("month", "2025-02", UTC, clock).month())
        .isEqualTo(YearMonth.of(2025, 2));
    assertThatThrownBy(() -> SlaMonth.parse("month", "2026-11", UTC, clock))
        .hasMessageContaining("'month'")
        .hasMessageContaining("future");
    assertThatThrownBy(() -> SlaMonth.parse("month", "2026-13", UTC, clock))
        .hasMessageContaining("'month'");
  }
}
