package io.obsera.ingest.otlp;

import io.obsera.ingest.pipeline.IngestError;

/** The one mapping from {@link IngestError.Kind} to HTTP status and google.rpc code. */
final class HttpStatuses {
  private HttpStatuses() {}

  static int http(IngestError.Kind kind) {
    return switch (kind) {
      case INVALID_ARGUMENT -> 400;
      case UNAUTHENTICATED -> 401;
      case PERMISSION_DENIED -> 403;
      case TOO_LARGE -> 413;
      case UNSUPPORTED_MEDIA_TYPE -> 415;
      case RATE_LIMITED -> 429;
      case UNAVAILABLE -> 503;
    };
  }

  /** google.rpc.Code numbers, for the Status body. */
  static int grpc(IngestError.Kind kind) {
    return switch (kind) {
      case INVALID_ARGUMENT, UNSUPPORTED_MEDIA_TYPE -> 3;
      case UNAUTHENTICATED -> 16;
      case PERMISSION_DENIED -> 7;
      case TOO_LARGE, RATE_LIMITED -> 8;
      case UNAVAILABLE -> 14;
    };
  }
}
