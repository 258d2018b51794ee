package io.obsera.ingest.grpc;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A plain grpc-java client of the OTLP Export methods, for what the SDK exporters do not show:
 * status codes and messages, response headers, partial_success.
 */
final class RawGrpcClient implements AutoCloseable {
  static final Metadata.Key<String> RESPONSE_ENCODING =
      Metadata.Key.of("grpc-encoding", Metadata.ASCII_STRING_MARSHALLER);

  private final ManagedChannel channel;
  private final AtomicReference<Metadata> lastResponseHeaders = new AtomicReference<>();

  RawGrpcClient(int port) {
    this.channel =
        Grpc.newChannelBuilderForAddress("127.0.0.1", port, InsecureChannelCredentials.create())
            .maxInboundMessageSize(64 << 20)
            .build();
  }

  /** Calls {@code method} with {@code authorization: Bearer <apiKey>} within {@code millis}. */
  <Q, R> R call(
      MethodDescriptor<Q, R> method, String apiKey, Q request, String compression, long millis) {
    Metadata headers = new Metadata();
    if (apiKey != null) {
      headers.put(
          Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + apiKey);
    }
    Channel intercepted =
        ClientInterceptors.intercept(
            channel, MetadataUtils.newAttachHeadersInterceptor(headers), new HeaderCapture());
    CallOptions options = CallOptions.DEFAULT.withDeadlineAfter(millis, TimeUnit.MILLISECONDS);
    if (compression != null) {
      options = options.withCompression(compression);
    }
    return ClientCalls.blockingUnaryCall(intercepted, method, options, request);
  }

  <Q, R> R call(MethodDescriptor<Q, R> method, String apiKey, Q request) {
    return call(method, apiKey, request, null, 10_000);
  }

  /** The response headers of the last call that got any. */
  Metadata lastResponseHeaders() {
    return lastResponseHeaders.get();
  }

  @Override
  public void close() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  private final class HeaderCapture implements ClientInterceptor {
    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(
        MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
      return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
        @Override
        public void start(Listener<R> listener, Metadata headers) {
          super.start(
              new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                @Override
                public void onHeaders(Metadata responseHeaders) {
                  lastResponseHeaders.set(responseHeaders);
                  super.onHeaders(responseHeaders);
                }
              },
              headers);
        }
      };
    }
  }
}
