package io.obsera.platform.send;

import java.time.Duration;

/**
 * A delivery attempt that did not succeed, saying whether trying again can help: the retry and the
 * circuit breaker decide from {@link #kind()}.
 */
public final class DeliveryException extends Exception {
  /** Why the attempt failed. */
  public enum Kind {
    /** Network error, timeout, 429 or 5xx (4xx SMTP reply): try again later. */
    RETRYABLE,
    /** The receiver rejected the request (4xx, 5xx SMTP reply): the same request fails again. */
    PERMANENT,
    /** The destination may not be contacted (SSRF rule): nothing was sent. */
    REFUSED
  }

  private final Kind kind;
  private final int status;
  private final Duration retryAfter;

  public DeliveryException(Kind kind, int status, Duration retryAfter, String message) {
    super(message);
    this.kind = kind;
    this.status = status;
    this.retryAfter = retryAfter;
  }

  public static DeliveryException retryable(String message, Throwable cause) {
    DeliveryException e = new DeliveryException(Kind.RETRYABLE, 0, null, message);
    e.initCause(cause);
    return e;
  }

  public static DeliveryException refused(String message) {
    return new DeliveryException(Kind.REFUSED, 0, null, message);
  }

  /** An exception as {@code SimpleName: message}, for failure messages. */
  public static String describe(Throwable e) {
    return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
  }

  public Kind kind() {
    return kind;
  }

  public boolean retryable() {
    return kind == Kind.RETRYABLE;
  }

  /** The HTTP status or SMTP reply code; 0 when none arrived. */
  public int status() {
    return status;
  }

  /** How long the receiver asked us to wait (HTTP {@code Retry-After}); null when it did not. */
  public Duration retryAfter() {
    return retryAfter;
  }
}
