package io.obsera.query.logs;

import io.obsera.query.api.Params;
import java.util.Locale;

/**
 * A severity filter: a level name (trace, debug, info, warn, error, fatal) or an OTLP severity
 * number (1-24); at least that level, or exactly that level's range of numbers.
 */
public record Severity(int min, int max) {
  /** The lowest severity number of the ERROR level (ERROR is 17-20, FATAL 21-24). */
  public static final int ERROR_MIN = 17;

  private static final String[] LEVELS = {"trace", "debug", "info", "warn", "error", "fatal"};

  public Severity {
    if (min < 1 || max > 24 || min > max) {
      throw new IllegalArgumentException("severity numbers are 1-24");
    }
  }

  /**
   * Parses {@code severity} with {@code severityMatch} ({@code atLeast}, default, or {@code
   * exact}).
   */
  public static Severity parse(String raw, String match) {
    boolean exact;
    if (match == null || match.equals("atLeast")) {
      exact = false;
    } else if (match.equals("exact")) {
      exact = true;
    } else {
      throw Params.bad("severityMatch", "must be 'atLeast' or 'exact', got '" + match + "'");
    }
    if (raw.matches("[0-9]{1,2}")) {
      int n = Integer.parseInt(raw);
      if (n < 1 || n > 24) {
        throw Params.bad("severity", "number must be from 1 to 24, got " + n);
      }
      return exact ? new Severity(n, n) : new Severity(n, 24);
    }
    String name = raw.toLowerCase(Locale.ROOT);
    if (name.equals("warning")) {
      name = "warn";
    }
    for (int i = 0; i < LEVELS.length; i++) {
      if (LEVELS[i].equals(name)) {
        int low = 1 + 4 * i;
        return exact ? new Severity(low, low + 3) : new Severity(low, 24);
      }
    }
    throw Params.bad(
        "severity",
        "must be trace, debug, info, warn, error, fatal or a number 1-24, got '" + raw + "'");
  }
}
