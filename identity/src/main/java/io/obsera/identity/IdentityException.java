package io.obsera.identity;

import java.time.Duration;

/**
 * Why an identity operation was refused, with the HTTP status it stands for; the query service maps
 * it in its one error mapper. {@code retryAfter} is set for {@link Kind#THROTTLED} and {@link
 * Kind#BUSY}.
 */
public final class IdentityException extends RuntimeException {
  /** The kinds of refusal and their HTTP status. */
  public enum Kind {
    BAD_REQUEST(400, "bad_request"),
    BAD_CREDENTIALS(401, "unauthorized"),
    /** The password was right; a second factor is needed (the answer carries mfaRequired). */
    MFA_REQUIRED(401, "mfa_required"),
    FORBIDDEN(403, "forbidden"),
    NOT_FOUND(404, "not_found"),
    CONFLICT(409, "conflict"),
    GONE(410, "gone"),
    THROTTLED(429, "too_many_requests"),
    BAD_GATEWAY(502, "bad_gateway"),
    BUSY(503, "unavailable");

    private final int status;
    private final String error;

    Kind(int status, String error) {
      this.status = status;
      this.error = error;
    }

    public int status() {
      return status;
    }

    public String error() {
      return error;
    }
  }

  private final Kind kind;
  private final Duration retryAfter;

  public IdentityException(Kind kind, String message) {
    this(kind, message, null);
  }

  public IdentityException(Kind kind, String message, Duration retryAfter) {
    super(message, null, false, false);
    this.kind = kind;
    this.retryAfter = retryAfter;
  }

  public Kind kind() {
    return kind;
  }

  /** How long to wait before trying again (whole seconds, at least 1), or null. */
  public Long retryAfterSeconds() {
    return retryAfter == null ? null : Math.max(1, (retryAfter.toMillis() + 999) / 1000);
  }
}
