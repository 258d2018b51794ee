package io.obsera.ingest.grpc;

import com.google.protobuf.Any;
import com.google.rpc.RetryInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.obsera.ingest.pipeline.IngestError;

/**
 * The one mapping from {@link IngestError.Kind} to gRPC status, as the OTLP specification asks:
 * retryable rejections carry a {@code google.rpc.RetryInfo} in {@code grpc-status-details-bin}.
 */
public final class GrpcStatuses {
  private GrpcStatuses() {}

  public static Status.Code code(IngestError.Kind kind) {
    return switch (kind) {
      case INVALID_ARGUMENT, UNSUPPORTED_MEDIA_TYPE -> Status.Code.INVALID_ARGUMENT;
      case UNAUTHENTICATED -> Status.Code.UNAUTHENTICATED;
      case PERMISSION_DENIED -> Status.Code.PERMISSION_DENIED;
      case TOO_LARGE, RATE_LIMITED -> Status.Code.RESOURCE_EXHAUSTED;
      case UNAVAILABLE -> Status.Code.UNAVAILABLE;
    };
  }

  /**
   * The status and trailers of a rejection: code, the error's message as description, and RetryInfo
   * when {@link IngestError#retryAfterSeconds()} is positive (RESOURCE_EXHAUSTED without RetryInfo
   * tells OTLP clients not to retry).
   */
  static StatusRuntimeException exception(IngestError e) {
    com.google.rpc.Status.Builder status =
        com.google.rpc.Status.newBuilder()
            .setCode(code(e.kind()).value())
            .setMessage(e.getMessage() == null ? "" : e.getMessage());
    if (e.retryAfterSeconds() > 0) {
      status.addDetails(
          Any.pack(
              RetryInfo.newBuilder()
                  .setRetryDelay(
                      com.google.protobuf.Duration.newBuilder().setSeconds(e.retryAfterSeconds()))
                  .build()));
    }
    return StatusProto.toStatusRuntimeException(status.build());
  }
}
