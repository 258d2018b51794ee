package io.obsera.ingest.grpc;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;

/**
 * Compresses the response with gzip when the client compressed its request with gzip. grpc-java
 * still falls back to no compression when the client's {@code grpc-accept-encoding} lacks gzip.
 */
final class GrpcResponseCompression implements ServerInterceptor {
  private static final Metadata.Key<String> ENCODING =
      Metadata.Key.of("grpc-encoding", Metadata.ASCII_STRING_MARSHALLER);

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if ("gzip".equalsIgnoreCase(headers.get(ENCODING))) {
      call.setCompression("gzip");
    }
    return next.startCall(call, headers);
  }
}
