package io.obsera.bench;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.obsera.ingest.grpc.OtlpGrpcMethods;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * OTLP/gRPC client: one plaintext channel (HTTP/2, grpc-netty-shaded) shared by all sender threads,
 * blocking unary Export calls with {@code authorization: Bearer <key>} metadata. Bodies are already
 * serialized, so the messages pass through as bytes. The channel has its own event loop and
 * executor, named as client threads, so that it shares no thread with the in-process server.
 */
final class GrpcSender implements Sender {
  static final String TRACE_SERVICE = OtlpGrpcMethods.TRACE_SERVICE;
  static final String LOGS_SERVICE = OtlpGrpcMethods.LOGS_SERVICE;

  private final EventLoopGroup eventLoop = new NioEventLoopGroup(1, Sender.threads("grpc-loop"));
  private final ExecutorService executor;
  private final ManagedChannel channel;
  private final Channel authorized;
  private final MethodDescriptor<byte[], byte[]> export;

  GrpcSender(int port, String service, String apiKey, int threads) {
    this.executor = Executors.newFixedThreadPool(threads, Sender.threads("grpc"));
    this.channel =
        NettyChannelBuilder.forAddress("127.0.0.1", port)
            .usePlaintext()
            .eventLoopGroup(eventLoop)
            .channelType(NioSocketChannel.class)
            .executor(executor)
            .build();
    Metadata headers = new Metadata();
    headers.put(
        Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + apiKey);
    this.authorized =
        ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
    this.export = OtlpGrpcMethods.raw(service);
  }

  @Override
  public String send(byte[] body) {
    try {
      byte[] response =
          ClientCalls.blockingUnaryCall(
              authorized,
              export,
              CallOptions.DEFAULT.withDeadlineAfter(60, TimeUnit.SECONDS),
              body);
      // An empty Export*ServiceResponse: no partial_success, everything accepted.
      return response.length == 0
          ? null
          : "OK with partial_success (" + response.length + " bytes)";
    } catch (StatusRuntimeException e) {
      return "gRPC " + e.getStatus().getCode() + ": " + e.getStatus().getDescription();
    }
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    executor.shutdownNow();
    eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
  }
}
