package io.obsera.ingest.grpc;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.obsera.ingest.IngestConfig;
import io.obsera.ingest.pipeline.IngestPipeline;
import io.obsera.platform.tls.TlsFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * OTLP/gRPC receiver: the collector TraceService, LogsService and MetricsService on {@code
 * OBSERA_OTLP_GRPC_PORT}, with TLS when configured. Transport only: authentication, message size
 * limit (RESOURCE_EXHAUSTED above {@link IngestConfig#maxRequestBytes()}, compressed or not), gzip,
 * deadlines; the {@link IngestPipeline} does the rest.
 */
public final class OtlpGrpcReceiver implements AutoCloseable {
  private static final long GRACE_SECONDS = 10;

  private final IngestConfig config;
  private final IngestPipeline pipeline;
  private Server server;

  public OtlpGrpcReceiver(IngestConfig config, IngestPipeline pipeline) {
    this.config = config;
    this.pipeline = pipeline;
  }

  public OtlpGrpcReceiver start() {
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(
                new InetSocketAddress(config.bindHost(), config.otlpGrpcPort()), credentials())
            .maxInboundMessageSize(config.maxRequestBytes());
    GrpcAuthInterceptor auth = new GrpcAuthInterceptor(pipeline);
    GrpcResponseCompression compression = new GrpcResponseCompression();
    for (ServerServiceDefinition service : new OtlpGrpcServices(pipeline).definitions()) {
      // The last interceptor runs first: compression is chosen even for refused calls.
      builder.addService(ServerInterceptors.intercept(service, auth, compression));
    }
    try {
      server = builder.build().start();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "OTLP/gRPC cannot listen on " + config.bindHost() + ":" + config.otlpGrpcPort(), e);
    }
    return this;
  }

  public int port() {
    return server.getPort();
  }

  private ServerCredentials credentials() {
    if (config.tls().isEmpty()) {
      return InsecureServerCredentials.create();
    }
    TlsFiles tls = config.tls().get();
    try {
      return TlsServerCredentials.create(
          tls.certificateChain().toFile(), tls.privateKey().toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read OBSERA_TLS_CERT/OBSERA_TLS_KEY for OTLP/gRPC: " + e.getMessage(), e);
    }
  }

  /** Stops taking calls, lets running ones finish for up to 10 s, then cancels the rest. */
  @Override
  public void close() {
    if (server == null) {
      return;
    }
    server.shutdown();
    try {
      if (!server.awaitTermination(GRACE_SECONDS, TimeUnit.SECONDS)) {
        server.shutdownNow().awaitTermination(GRACE_SECONDS, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
