package io.obsera.query.api;

import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The read API's query-parameter conventions: times as RFC 3339 or Unix nanoseconds, durations and
 * steps like {@code 500ms}, {@code 1m}, {@code 1h}, {@code limit}, and {@code attr.<key>=<value>}
 * filters. Every error is a 400 naming the parameter.
 */
public final class Params {
  /** Default page size of every paginated route. */
  public static final int DEFAULT_LIMIT = 100;

  /** Largest page size of every paginated route. */
  public static final int MAX_LIMIT = 1000;

  /** Range used when {@code from} is absent: the last hour before {@code to}. */
  public static final Duration DEFAULT_LOOKBACK = Duration.ofHours(1);

  /** At most this many {@code attr.*} filters per request. */
  public static final int MAX_ATTRIBUTES = 16;

  private static final Pattern NANOS = Pattern.compile("[0-9]{1,19}");
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,12})(ns|us|ms|s|m|h|d)");
  private static final String ATTR = "attr.";

  private Params() {}

  /** A time in Unix nanoseconds from RFC 3339 or a decimal nanosecond count. */
  public static long time(String name, String raw) {
    if (NANOS.matcher(raw).matches()) {
      try {
        return Long.parseLong(raw);
      } catch (NumberFormatException e) {
        throw bad(name, "is out of range: '" + raw + "'");
      }
    }
    try {
      OffsetDateTime t = OffsetDateTime.parse(raw);
      return Math.addExact(Math.multiplyExact(t.toEpochSecond(), 1_000_000_000L), t.getNano());
    } catch (DateTimeParseException | ArithmeticException e) {
      throw bad(
          name, "must be RFC 3339 (2026-11-26T10:00:00Z) or Unix nanoseconds, got '" + raw + "'");
    }
  }

  /**
   * A positive duration like {@code 500ms}, {@code 1m}, {@code 1h} (units ns, us, ms, s, m, h, d).
   */
  public static Duration duration(String name, String raw) {
    Matcher m = DURATION.matcher(raw);
    if (!m.matches()) {
      throw bad(name, "must be a duration like 500ms, 30s, 1m, 1h or 1d, got '" + raw + "'");
    }
    long n = Long.parseLong(m.group(1));
    Duration d =
        switch (m.group(2)) {
          case "ns" -> Duration.ofNanos(n);
          case "us" -> Duration.ofNanos(n * 1000);
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
    if (d.isZero()) {
      throw bad(name, "must be positive, got '" + raw + "'");
    }
    try {
      d.toNanos();
    } catch (ArithmeticException e) {
      throw bad(name, "is too long: '" + raw + "'");
    }
    return d;
  }

  /** An optional duration parameter in nanoseconds; null when absent. */
  public static Long durationNanos(Context ctx, String name) {
    String raw = ctx.queryParam(name);
    return raw == null || raw.isEmpty() ? null : duration(name, raw).toNanos();
  }

  /**
   * The {@code from}/{@code to} range; {@code to} defaults to now, {@code from} to an hour before.
   */
  public static TimeRange range(Context ctx, Clock clock) {
    return range(ctx, clock, DEFAULT_LOOKBACK);
  }

  /**
   * The {@code from}/{@code to} range; {@code to} defaults to now, {@code from} to {@code lookback}
   * before it (to the Unix epoch when {@code lookback} is null).
   */
  public static TimeRange range(Context ctx, Clock clock, Duration lookback) {
    String rawTo = ctx.queryParam("to");
    String rawFrom = ctx.queryParam("from");
    long to = rawTo == null || rawTo.isEmpty() ? nowNanos(clock) : time("to", rawTo);
    long from =
        rawFrom == null || rawFrom.isEmpty()
            ? (lookback == null ? 0 : Math.max(0, to - lookback.toNanos()))
            : time("from", rawFrom);
    if (from >= to) {
      throw bad("from", "must be before 'to'");
    }
    return new TimeRange(from, to);
  }

  private static long nowNanos(Clock clock) {
    java.time.Instant now = clock.instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /** {@code limit}: 1..{@link #MAX_LIMIT}, default {@link #DEFAULT_LIMIT}. */
  public static int limit(Context ctx) {
    String raw = ctx.queryParam("limit");
    if (raw == null || raw.isEmpty()) {
      return DEFAULT_LIMIT;
    }
    if (!raw.matches("[0-9]{1,6}")) {
      throw bad("limit", "must be an integer from 1 to " + MAX_LIMIT + ", got '" + raw + "'");
    }
    int n = Integer.parseInt(raw);
    if (n < 1 || n > MAX_LIMIT) {
      throw bad("limit", "must be from 1 to " + MAX_LIMIT + ", got " + n);
    }
    return n;
  }

  /** An optional string parameter; null when absent or empty; 400 when over 512 characters. */
  public static String text(Context ctx, String name) {
    String raw = ctx.queryParam(name);
    if (raw == null || raw.isEmpty()) {
      return null;
    }
    if (raw.length() > 512) {
      throw bad(name, "is longer than 512 characters");
    }
    return raw;
  }

  /** A required string parameter. */
  public static String required(Context ctx, String name) {
    String v = text(ctx, name);
    if (v == null) {
      throw bad(name, "is required");
    }
    return v;
  }

  /** The {@code attr.<key>=<value>} filters, sorted by key. */
  public static Map<String, String> attributes(Context ctx) {
    return attributes(ctx.queryParamMap());
  }

  static Map<String, String> attributes(Map<String, java.util.List<String>> query) {
    Map<String, String> out = new TreeMap<>();
    query.forEach(
        (k, values) -> {
          if (k.startsWith(ATTR)) {
            String key = k.substring(ATTR.length());
            if (key.isEmpty() || key.length() > 256) {
              throw bad(k, "needs an attribute key of 1 to 256 characters after 'attr.'");
            }
            if (values.size() != 1 || values.get(0).length() > 512) {
              throw bad(k, "must be given once, with a value of at most 512 characters");
            }
            out.put(key, values.get(0));
          }
        });
    if (out.size() > MAX_ATTRIBUTES) {
      throw bad("attr.*", "at most " + MAX_ATTRIBUTES + " attribute filters");
    }
    return out;
  }

  /** A 400 naming the parameter. */
  public static ApiException bad(String name, String problem) {
    return ApiException.badRequest("parameter '" + name + "' " + problem);
  }

  /** A half-open time range in Unix nanoseconds. */
  public record TimeRange(long fromNanos, long toNanos) {
    public TimeRange {
      if (fromNanos >= toNanos) {
        throw new IllegalArgumentException("from must be before to");
      }
    }

    /** The bounds as ClickHouse {@code DateTime64(9)} parameter text. */
    public String from64() {
      return SqlTime.dateTime64(fromNanos);
    }

    public String to64() {
      return SqlTime.dateTime64(toNanos);
    }
  }
}
