package io.obsera.ingest.grpc;

import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import io.obsera.ingest.pipeline.IngestError;
import io.obsera.ingest.pipeline.IngestPipeline;
import io.obsera.model.control.ApiKeyRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates every call from its {@code authorization: Bearer <api key>} metadata through the
 * {@link IngestPipeline}; the key is then in {@link #API_KEY}. Unknown or revoked keys close the
 * call with UNAUTHENTICATED, keys without the ingest scope with PERMISSION_DENIED.
 */
final class GrpcAuthInterceptor implements ServerInterceptor {
  static final Context.Key<ApiKeyRecord> API_KEY = Context.key("obsera-api-key");

  private static final Logger log = LoggerFactory.getLogger(GrpcAuthInterceptor.class);
  private static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  private final IngestPipeline pipeline;

  GrpcAuthInterceptor(IngestPipeline pipeline) {
    this.pipeline = pipeline;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    ApiKeyRecord key;
    try {
      key = pipeline.authenticate(bearer(headers.get(AUTHORIZATION)));
    } catch (IngestError e) {
      log.debug("{} refused: {}", call.getMethodDescriptor().getFullMethodName(), e.getMessage());
      StatusRuntimeException status = GrpcStatuses.exception(e);
      call.close(status.getStatus(), status.getTrailers());
      return new ServerCall.Listener<>() {};
    }
    return Contexts.interceptCall(Context.current().withValue(API_KEY, key), call, headers, next);
  }

  private static String bearer(String authorization) {
    if (authorization == null) {
      throw IngestError.unauthenticated("missing 'authorization: Bearer <api key>' metadata");
    }
    if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw IngestError.unauthenticated("'authorization' metadata must be 'Bearer <api key>'");
    }
    return authorization.substring(7);
  }
}
