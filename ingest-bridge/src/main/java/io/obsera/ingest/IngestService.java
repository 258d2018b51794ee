package io.obsera.ingest;

import io.obsera.ingest.grpc.OtlpGrpcReceiver;
import io.obsera.ingest.kafka.KafkaTelemetryPublisher;
import io.obsera.ingest.kafka.PublisherConfig;
import io.obsera.ingest.metrics.IngestMetrics;
import io.obsera.ingest.otlp.OtlpHttpReceiver;
import io.obsera.ingest.pipeline.IngestPipeline;
import io.obsera.platform.control.ControlPlaneView;
import java.time.Clock;
import java.time.Duration;

/** The ingest bridge as one unit: control-plane view, Kafka publisher, pipeline and receivers. */
public final class IngestService implements AutoCloseable {
  private final ControlPlaneView controlPlane;
  private final KafkaTelemetryPublisher publisher;
  private final IngestMetrics metrics;
  private final OtlpHttpReceiver http;
  private final OtlpGrpcReceiver grpc;

  public IngestService(IngestConfig config) {
    this(config, Clock.systemUTC());
  }

  /** With the clock that windows the series limits (tests move it by hand). */
  public IngestService(IngestConfig config, Clock clock) {
    this.controlPlane =
        new ControlPlaneView(
                config.kafkaBootstrap(), config.kafkaOverrides(), config.controlTrust().verifier())
            .start();
    this.metrics = new IngestMetrics();
    this.publisher =
        new KafkaTelemetryPublisher(
            new PublisherConfig(
                config.kafkaBootstrap(),
                "obsera-ingest-" + config.instanceId(),
                config.groupCommitMillis(),
                20_000,
                config.maxQueuedRecords(),
                config.minFreeDiskRatio(),
                config.kafkaOverrides()),
            metrics);
    IngestPipeline pipeline =
        new IngestPipeline(
            controlPlane,
            publisher,
            config.limits(),
            config.browser(),
            config.inFlight(),
            metrics,
            30_000,
            clock);
    this.http = new OtlpHttpReceiver(config, pipeline);
    this.grpc = new OtlpGrpcReceiver(config, pipeline);
  }

  /** Starts listening once the control plane has been read, so no valid key is refused. */
  public IngestService start() throws InterruptedException {
    if (!controlPlane.awaitCaughtUp(Duration.ofSeconds(60))) {
      throw new IllegalStateException("control-plane topics could not be read within 60 s");
    }
    http.start();
    grpc.start();
    return this;
  }

  public int otlpHttpPort() {
    return http.port();
  }

  public int otlpGrpcPort() {
    return grpc.port();
  }

  /** Stops both listeners (running gRPC calls finish first), then the publisher. */
  @Override
  public void close() {
    grpc.close();
    http.close();
    publisher.close();
    controlPlane.close();
  }
}
