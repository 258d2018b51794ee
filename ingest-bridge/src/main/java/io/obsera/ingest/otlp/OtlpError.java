package io.obsera.ingest.otlp;

/** A request rejected at the edge: HTTP status, gRPC code, message, optional Retry-After. */
final class OtlpError extends RuntimeException {
  private final int httpStatus;
  private final int grpcCode;
  private final int retryAfterSeconds;

  private OtlpError(int httpStatus, int grpcCode, String message, int retryAfterSeconds) {
    super(message, null, false, false);
    this.httpStatus = httpStatus;
    this.grpcCode = grpcCode;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  static OtlpError badRequest(String message) {
    return new OtlpError(400, RpcStatus.INVALID_ARGUMENT, message, 0);
  }

  static OtlpError unauthenticated(String message) {
    return new OtlpError(401, RpcStatus.UNAUTHENTICATED, message, 0);
  }

  static OtlpError tooLarge(String message) {
    return new OtlpError(413, RpcStatus.RESOURCE_EXHAUSTED, message, 0);
  }

  static OtlpError unsupportedMediaType(String message) {
    return new OtlpError(415, RpcStatus.INVALID_ARGUMENT, message, 0);
  }

  static OtlpError unavailable(String message) {
    return new OtlpError(503, RpcStatus.UNAVAILABLE, message, 5);
  }

  int httpStatus() {
    return httpStatus;
  }

  int grpcCode() {
    return grpcCode;
  }

  int retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
