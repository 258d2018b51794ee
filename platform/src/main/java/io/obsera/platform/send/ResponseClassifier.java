package io.obsera.platform.send;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Sorts an HTTP answer: 2xx delivered; 429, 5xx and 408 worth another attempt (honouring {@code
 * Retry-After}); any other status a permanent failure carrying the vendor's message.
 */
public final class ResponseClassifier {
  private static final int MAX_MESSAGE = 500;

  private ResponseClassifier() {}

  /** Returns when {@code status} is 2xx, else throws the classified failure. */
  public static void check(
      String vendor, int status, String body, String retryAfterHeader, Clock clock)
      throws DeliveryException {
    if (status >= 200 && status < 300) {
      return;
    }
    String message = vendor + " answered " + status + ": " + shorten(body);
    if (status == 429 || status == 408 || status >= 500) {
      throw new DeliveryException(
          DeliveryException.Kind.RETRYABLE, status, retryAfter(retryAfterHeader, clock), message);
    }
    throw new DeliveryException(DeliveryException.Kind.PERMANENT, status, null, message);
  }

  /**
   * {@code Retry-After} as delay-seconds or an HTTP-date (RFC 9110 10.2.3); null when absent or
   * unreadable, never negative.
   */
  public static Duration retryAfter(String header, Clock clock) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String h = header.strip();
    try {
      long seconds = Long.parseLong(h);
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException e) {
      // not delay-seconds: try an HTTP-date
    }
    try {
      Instant at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration d = Duration.between(clock.instant(), at);
      return d.isNegative() ? Duration.ZERO : d;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  static String shorten(String body) {
    if (body == null || body.isBlank()) {
      return "(no body)";
    }
    String b = body.strip().replaceAll("\\s+", " ");
    return b.length() <= MAX_MESSAGE ? b : b.substring(0, MAX_MESSAGE) + "...";
  }
}
