package io.obsera.query.sla;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * A calendar month in a tenant's time zone: {@code [first midnight, next month's first midnight)}
 * as instants, so a month with a DST change lasts 743 or 745 hours.
 */
public record SlaMonth(YearMonth month, ZoneId zone) {

  public Instant start() {
    return month.atDay(1).atStartOfDay(zone).toInstant();
  }

  public Instant end() {
    return month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
  }

  /** The month's length in minutes (e.g. 43200 for 30 days, 44580 for a 743-hour month). */
  public double minutes() {
    return Duration.between(start(), end()).toMillis() / 60_000.0;
  }

  /** The current month in {@code zone}. */
  public static SlaMonth current(ZoneId zone, Clock clock) {
    return new SlaMonth(YearMonth.now(clock.withZone(zone)), zone);
  }

  /**
   * {@code raw} ({@code yyyy-MM}, null: the current month) as a month that has started; throws
   * {@link IllegalArgumentException} naming {@code param} otherwise.
   */
  public static SlaMonth parse(String param, String raw, ZoneId zone, Clock clock) {
    if (raw == null || raw.isBlank()) {
      return current(zone, clock);
    }
    YearMonth m;
    try {
      m = YearMonth.parse(raw.strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "parameter '" + param + "' must be a month like 2026-10, got '" + raw + "'");
    }
    if (m.getYear() < 2000) {
      throw new IllegalArgumentException(
          "parameter '" + param + "' must be 2000-01 or later, got '" + raw + "'");
    }
    SlaMonth month = new SlaMonth(m, zone);
    if (month.start().isAfter(clock.instant())) {
      throw new IllegalArgumentException(
          "parameter '" + param + "' is a future month (" + raw + " in " + zone + ")");
    }
    return month;
  }
}
