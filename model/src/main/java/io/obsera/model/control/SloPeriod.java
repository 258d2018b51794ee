package io.obsera.model.control;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/** The period an SLO's error budget covers. Calendar months are UTC months. */
public enum SloPeriod {
  ROLLING_28D,
  ROLLING_30D,
  CALENDAR_MONTH;

  /** Start (inclusive) of the period that ends at {@code now}. */
  public Instant start(Instant now) {
    return switch (this) {
      case ROLLING_28D -> now.minus(28, ChronoUnit.DAYS);
      case ROLLING_30D -> now.minus(30, ChronoUnit.DAYS);
      case CALENDAR_MONTH ->
          ZonedDateTime.ofInstant(now, ZoneOffset.UTC)
              .withDayOfMonth(1)
              .truncatedTo(ChronoUnit.DAYS)
              .toInstant();
    };
  }
}
