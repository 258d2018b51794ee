package io.obsera.ingest.pipeline;

/**
 * A request rejected at the edge. Transports map the {@link Kind} to their own status in one place
 * each (HTTP status code, gRPC status); the message is shown to the client as is.
 */
public final class IngestError extends RuntimeException {
  /** Why the request was rejected. */
  public enum Kind {
    /** The body does not decode: HTTP 400, gRPC INVALID_ARGUMENT. */
    INVALID_ARGUMENT,
    /** Missing, unknown or revoked key: HTTP 401, gRPC UNAUTHENTICATED. */
    UNAUTHENTICATED,
    /** Key without the ingest scope: HTTP 403, gRPC PERMISSION_DENIED. */
    PERMISSION_DENIED,
    /** Body over the limit: HTTP 413, gRPC RESOURCE_EXHAUSTED (not retryable). */
    TOO_LARGE,
    /** Content type or encoding not supported: HTTP 415, gRPC INVALID_ARGUMENT. */
    UNSUPPORTED_MEDIA_TYPE,
    /** Over the tenant's rate: HTTP 429, gRPC RESOURCE_EXHAUSTED with RetryInfo. */
    RATE_LIMITED,
    /** Kafka cannot take the data now: HTTP 503, gRPC UNAVAILABLE. */
    UNAVAILABLE
  }

  private final Kind kind;
  private final int retryAfterSeconds;

  public IngestError(Kind kind, String message, int retryAfterSeconds) {
    super(message, null, false, false);
    this.kind = kind;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  public static IngestError invalid(String message) {
    return new IngestError(Kind.INVALID_ARGUMENT, message, 0);
  }

  public static IngestError unauthenticated(String message) {
    return new IngestError(Kind.UNAUTHENTICATED, message, 0);
  }

  public static IngestError permissionDenied(String message) {
    return new IngestError(Kind.PERMISSION_DENIED, message, 0);
  }

  public static IngestError tooLarge(String message) {
    return new IngestError(Kind.TOO_LARGE, message, 0);
  }

  public static IngestError unsupportedMediaType(String message) {
    return new IngestError(Kind.UNSUPPORTED_MEDIA_TYPE, message, 0);
  }

  public static IngestError rateLimited(String message, int retryAfterSeconds) {
    return new IngestError(Kind.RATE_LIMITED, message, retryAfterSeconds);
  }

  public static IngestError unavailable(String message, int retryAfterSeconds) {
    return new IngestError(Kind.UNAVAILABLE, message, retryAfterSeconds);
  }

  public Kind kind() {
    return kind;
  }

  /** Seconds the client should wait before retrying; 0 when retrying will not help. */
  public int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
