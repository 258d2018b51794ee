package io.obsera.query.api;

/** An error with its HTTP status and a stable error code; mapped to JSON by {@link ApiErrors}. */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String error;
  private final int retryAfterSeconds;

  public ApiException(int status, String error, String message) {
    this(status, error, message, 0);
  }

  /**
   * @param retryAfterSeconds sent as {@code Retry-After} when positive: when retrying may help
   */
  public ApiException(int status, String error, String message, int retryAfterSeconds) {
    super(message, null, false, false);
    this.status = status;
    this.error = error;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, "bad_request", message);
  }

  public static ApiException unauthorized(String message) {
    return new ApiException(401, "unauthorized", message);
  }

  public static ApiException forbidden(String message) {
    return new ApiException(403, "forbidden", message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, "not_found", message);
  }

  public static ApiException conflict(String message) {
    return new ApiException(409, "conflict", message);
  }

  /** 429: over one of the tenant's quotas; the message names the quota. */
  public static ApiException quotaExceeded(String message) {
    return new ApiException(429, "quota_exceeded", message);
  }

  /** 429 with {@code Retry-After}: over a quota that frees itself (running queries). */
  public static ApiException quotaExceeded(String message, int retryAfterSeconds) {
    return new ApiException(429, "quota_exceeded", message, retryAfterSeconds);
  }

  public static ApiException unavailable(String message) {
    return new ApiException(503, "unavailable", message);
  }

  public int status() {
    return status;
  }

  public String error() {
    return error;
  }

  /** Seconds a client should wait before retrying; 0: no {@code Retry-After}. */
  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
