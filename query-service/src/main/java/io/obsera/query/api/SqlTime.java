package io.obsera.query.api;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Times as ClickHouse {@code DateTime64(9)} parameter text (UTC). Bind time bounds on {@code
 * DateTime64(9)} columns only this way: ClickHouse 26.7 prunes granules wrongly when such a column
 * is compared with a plain {@code DateTime}.
 */
public final class SqlTime {
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private SqlTime() {}

  public static String dateTime64(long unixNanos) {
    long seconds = Math.floorDiv(unixNanos, 1_000_000_000L);
    long nanos = Math.floorMod(unixNanos, 1_000_000_000L);
    return SECONDS.format(Instant.ofEpochSecond(seconds)) + String.format(".%09d", nanos);
  }
}
