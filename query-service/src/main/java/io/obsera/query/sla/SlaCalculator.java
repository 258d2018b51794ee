package io.obsera.query.sla;

import io.obsera.model.control.MaintenanceWindow;
import io.obsera.model.probe.OutageEvent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The SLA arithmetic, pure: no clock, no I/O. Rules:
 *
 * <ul>
 *   <li>Only DOWN outages are downtime; DEGRADED counts as up.
 *   <li>Maintenance windows are neither downtime nor part of the measured time.
 *   <li>NO_DATA time is reported on its own and is not part of the measured time either (we cannot
 *       say whether the endpoint was up), so {@code uptime = 1 - down / (elapsed - maintenance -
 *       noData)}. The error budget is {@code (1 - objective) * (period - maintenance - noData)},
 *       which keeps "uptime meets the objective" and "budget left" in agreement.
 *   <li>Everything is clipped to the period and to {@code now} (an open outage lasts until now).
 *   <li>A service is down when any of its endpoints is down (union), in maintenance when all of
 *       them are (intersection), without data when none of them has any.
 * </ul>
 */
public final class SlaCalculator {
  private SlaCalculator() {}

  /** Down, no-data and maintenance times of one endpoint or service, disjoint. */
  public record Coverage(Intervals down, Intervals noData, Intervals maintenance) {}

  /** The figures of one endpoint or service over a period. */
  public record Figures(
      double elapsedMinutes,
      double measuredMinutes,
      Double uptimePercent,
      double downtimeMinutes,
      double noDataMinutes,
      double maintenanceMinutes,
      double budgetMinutes,
      double budgetRemainingMinutes,
      Double budgetRemainingPercent) {}

  /**
   * Uptime of one day (in the report's zone); null uptime and 0 measured minutes when nothing was
   * measured (e.g. every day before the endpoint was created).
   */
  public record DayUptime(
      LocalDate date, Double uptimePercent, double downtimeMinutes, double measuredMinutes) {}

  /** An outage as listed in a report: clipped to the period. */
  public record OutageLine(
      String outageId,
      String endpointId,
      OutageEvent.Kind kind,
      Instant start,
      Instant end,
      boolean ongoing,
      double minutes,
      List<String> regions,
      String cause) {}

  /** An SLO's month from {@code slo_sli_minute}: good and total events. */
  public record SloFigures(
      String id,
      String name,
      double objective,
      long good,
      long total,
      Double sliPercent,
      double allowedBadEvents,
      long badEvents,
      Double budgetRemainingPercent) {}

  /** An SLO's figures: the error budget is {@code (1 - objective) * total} bad events. */
  public static SloFigures slo(String id, String name, double objective, long good, long total) {
    long bad = total - good;
    double allowed = (1 - objective) * total;
    return new SloFigures(
        id,
        name,
        objective,
        good,
        total,
        total > 0 ? percent((double) good / total) : null,
        round(allowed, 3),
        bad,
        allowed > 0 ? round(100 * (1 - bad / allowed), 2) : null);
  }

  /** The coverage of one endpoint over {@code [from, min(to, now))}, measured all along. */
  public static Coverage endpoint(
      List<Outage> outages,
      List<MaintenanceWindow> windows,
      Instant from,
      Instant to,
      Instant now) {
    return endpoint(outages, windows, from, to, now, from);
  }

  /**
   * The coverage of one endpoint over {@code [from, min(to, now))} that exists since {@code since}
   * ({@link #measuredSince}): the time before it is no data, neither up nor down nor maintenance.
   */
  public static Coverage endpoint(
      List<Outage> outages,
      List<MaintenanceWindow> windows,
      Instant from,
      Instant to,
      Instant now,
      Instant since) {
    Instant until = min(to, now);
    Intervals before = Intervals.of(from, max(from, min(since, until)));
    List<Intervals.Span> m = new ArrayList<>();
    for (MaintenanceWindow w : windows) {
      m.addAll(Intervals.of(w.start(), w.end()).spans());
    }
    Intervals maintenance = Intervals.union(m).clip(from, until).minus(before);
    Intervals down =
        union(outages, OutageEvent.Kind.DOWN, now)
            .clip(from, until)
            .minus(maintenance)
            .minus(before);
    Intervals noData =
        union(outages, OutageEvent.Kind.NO_DATA, now)
            .clip(from, until)
            .minus(maintenance)
            .minus(down)
            .union(before);
    return new Coverage(down, noData, maintenance);
  }

  /**
   * When an endpoint's measured time starts: when it was created, or when it was first seen
   * (checked, or in an outage) if that is earlier (a definition re-created under the same id).
   */
  public static Instant measuredSince(Instant createdAt, List<Instant> firstSeen) {
    Instant since = createdAt == null ? Instant.MAX : createdAt;
    for (Instant t : firstSeen) {
      if (t != null && t.isBefore(since)) {
        since = t;
      }
    }
    return since;
  }

  /** The coverage of a service from its endpoints' coverages (none: nothing known). */
  public static Coverage service(List<Coverage> endpoints, Instant from, Instant to, Instant now) {
    if (endpoints.isEmpty()) {
      return new Coverage(Intervals.empty(), Intervals.of(from, min(to, now)), Intervals.empty());
    }
    Intervals down = Intervals.empty();
    Intervals maintenance = null;
    Intervals unknown = null;
    for (Coverage c : endpoints) {
      down = down.union(c.down());
      maintenance = maintenance == null ? c.maintenance() : maintenance.intersect(c.maintenance());
      Intervals u = c.noData().union(c.maintenance());
      unknown = unknown == null ? u : unknown.intersect(u);
    }
    Intervals noData = unknown.minus(maintenance).minus(down);
    return new Coverage(down, noData, maintenance);
  }

  /** The figures of a coverage over {@code [from, to)} evaluated at {@code now}. */
  public static Figures figures(
      Coverage c, Instant from, Instant to, Instant now, double objective) {
    long elapsed = Math.max(0, min(to, now).toEpochMilli() - from.toEpochMilli());
    long period = to.toEpochMilli() - from.toEpochMilli();
    long down = c.down().millis();
    long noData = c.noData().millis();
    long maintenance = c.maintenance().millis();
    long measured = elapsed - noData - maintenance;
    Double uptime = measured > 0 ? percent(1 - (double) down / measured) : null;
    double budget = (1 - objective) * (period - noData - maintenance) / 60_000.0;
    double remaining = budget - down / 60_000.0;
    return new Figures(
        minutes(elapsed),
        minutes(measured),
        uptime,
        minutes(down),
        minutes(noData),
        minutes(maintenance),
        round(budget, 3),
        round(remaining, 3),
        budget > 0 ? round(100 * remaining / budget, 2) : null);
  }

  /** Uptime per day of {@code zone} from {@code from} until {@code min(to, now)}. */
  public static List<DayUptime> daily(
      Coverage c, Instant from, Instant to, Instant now, ZoneId zone) {
    List<DayUptime> out = new ArrayList<>();
    Instant until = min(to, now);
    LocalDate day = from.atZone(zone).toLocalDate();
    while (true) {
      Instant start = max(day.atStartOfDay(zone).toInstant(), from);
      if (!start.isBefore(until)) {
        return out;
      }
      Instant end = min(day.plusDays(1).atStartOfDay(zone).toInstant(), until);
      long span = end.toEpochMilli() - start.toEpochMilli();
      long down = c.down().clip(start, end).millis();
      long measured =
          span - c.noData().clip(start, end).millis() - c.maintenance().clip(start, end).millis();
      out.add(
          new DayUptime(
              day,
              measured > 0 ? percent(1 - (double) down / measured) : null,
              minutes(down),
              minutes(Math.max(0, measured))));
      day = day.plusDays(1);
    }
  }

  /** Every outage overlapping {@code [from, min(to, now))}, clipped to it, oldest first. */
  public static List<OutageLine> outageList(
      List<Outage> outages, Instant from, Instant to, Instant now) {
    Instant until = min(to, now);
    List<OutageLine> out = new ArrayList<>();
    for (Outage o : outages) {
      Intervals clipped = o.interval(now).clip(from, until);
      if (clipped.isEmpty()) {
        continue;
      }
      Intervals.Span s = clipped.spans().get(0);
      out.add(
          new OutageLine(
              o.outageId(),
              o.endpointId(),
              o.kind(),
              s.startInstant(),
              o.open() && !to.isBefore(now) ? null : s.endInstant(),
              o.open(),
              minutes(s.end() - s.start()),
              o.regions(),
              o.cause()));
    }
    out.sort(Comparator.comparing(OutageLine::start).thenComparing(OutageLine::endpointId));
    return out;
  }

  private static Intervals union(List<Outage> outages, OutageEvent.Kind kind, Instant now) {
    List<Intervals.Span> spans = new ArrayList<>();
    for (Outage o : outages) {
      if (o.kind() == kind) {
        spans.addAll(o.interval(now).spans());
      }
    }
    return Intervals.union(spans);
  }

  static double minutes(long millis) {
    return round(millis / 60_000.0, 3);
  }

  static double percent(double share) {
    return round(100 * share, 4);
  }

  static double round(double v, int decimals) {
    double f = Math.pow(10, decimals);
    return Math.round(v * f) / f;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
