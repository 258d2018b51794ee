package io.obsera.ingest.otlp;

import com.google.protobuf.InvalidProtocolBufferException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.obsera.ingest.IngestConfig;
import io.obsera.ingest.kafka.TelemetryPublisher;
import io.obsera.ingest.translate.LogFragmenter;
import io.obsera.ingest.translate.Result;
import io.obsera.ingest.translate.TraceFragmenter;
import io.obsera.model.Topics;
import io.obsera.model.control.ApiKeyRecord;
import io.obsera.model.control.ControlPlaneView;
import io.obsera.model.control.Scope;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OTLP/HTTP receiver ({@code POST /v1/traces}, {@code POST /v1/logs}, protobuf): authenticates the
 * tenant's key, splits the request into per-trace fragments and answers only after Kafka
 * acknowledged every record. Transport only; translation and publishing live elsewhere.
 */
public final class OtlpHttpReceiver implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OtlpHttpReceiver.class);
  static final String PROTOBUF = "application/x-protobuf";

  private final IngestConfig config;
  private final ControlPlaneView controlPlane;
  private final TelemetryPublisher publisher;
  private final RequestBodies bodies;
  private Javalin app;

  public OtlpHttpReceiver(
      IngestConfig config, ControlPlaneView controlPlane, TelemetryPublisher publisher) {
    this.config = config;
    this.controlPlane = controlPlane;
    this.publisher = publisher;
    this.bodies = new RequestBodies(config.maxRequestBytes());
  }

  public OtlpHttpReceiver start() {
    app =
        Javalin.create(
            cfg -> {
              cfg.startup.showJavalinBanner = false;
              cfg.http.maxRequestSize = config.maxRequestBytes() + 1L;
              cfg.routes.post("/v1/traces", this::traces);
              cfg.routes.post("/v1/logs", this::logs);
              cfg.routes.get("/ready", this::ready);
              cfg.routes.exception(OtlpError.class, this::error);
            });
    app.start(config.bindHost(), config.otlpHttpPort());
    return this;
  }

  public int port() {
    return app.port();
  }

  private void traces(Context ctx) throws Exception {
    String tenant = authenticate(ctx);
    ExportTraceServiceRequest req;
    try {
      req = ExportTraceServiceRequest.parseFrom(bodies.read(ctx));
    } catch (InvalidProtocolBufferException e) {
      throw OtlpError.badRequest(
          "body is not a valid ExportTraceServiceRequest: " + e.getMessage());
    }
    Result result = TraceFragmenter.fragment(tenant, req);
    publish(Topics.OTLP_SPANS, tenant, result);
    ExportTraceServiceResponse.Builder resp = ExportTraceServiceResponse.newBuilder();
    if (result.rejected() > 0) {
      resp.setPartialSuccess(
          ExportTracePartialSuccess.newBuilder()
              .setRejectedSpans(result.rejected())
              .setErrorMessage(result.rejectReason()));
    }
    ctx.status(200).contentType(PROTOBUF).result(resp.build().toByteArray());
  }

  private void logs(Context ctx) throws Exception {
    String tenant = authenticate(ctx);
    ExportLogsServiceRequest req;
    try {
      req = ExportLogsServiceRequest.parseFrom(bodies.read(ctx));
    } catch (InvalidProtocolBufferException e) {
      throw OtlpError.badRequest("body is not a valid ExportLogsServiceRequest: " + e.getMessage());
    }
    Result result = LogFragmenter.fragment(tenant, req);
    publish(Topics.OTLP_LOGS, tenant, result);
    ExportLogsServiceResponse.Builder resp = ExportLogsServiceResponse.newBuilder();
    if (result.rejected() > 0) {
      resp.setPartialSuccess(
          ExportLogsPartialSuccess.newBuilder()
              .setRejectedLogRecords(result.rejected())
              .setErrorMessage(result.rejectReason()));
    }
    ctx.status(200).contentType(PROTOBUF).result(resp.build().toByteArray());
  }

  private String authenticate(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw OtlpError.unauthenticated("missing 'Authorization: Bearer <api key>' header");
    }
    Optional<ApiKeyRecord> key =
        controlPlane.authenticate(header.substring(7).strip(), Scope.INGEST);
    if (key.isEmpty()) {
      throw OtlpError.unauthenticated("unknown or revoked API key, or key without ingest scope");
    }
    return key.get().tenantId();
  }

  private void publish(String topic, String tenant, Result result) {
    if (result.fragments().isEmpty()) {
      return;
    }
    try {
      publisher.publish(topic, tenant, result.fragments()).get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      log.warn(
          "Kafka did not acknowledge a {} request of tenant {}: {}", topic, tenant, e.toString());
      throw OtlpError.unavailable("Kafka did not acknowledge the data; retry later");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw OtlpError.unavailable("interrupted while waiting for Kafka; retry later");
    }
  }

  private void ready(Context ctx) {
    boolean kafka = publisher.ready();
    boolean control = controlPlane.isCaughtUp();
    ctx.status(kafka && control ? 200 : 503)
        .json(
            java.util.Map.of(
                "status", kafka && control ? "ready" : "not ready",
                "kafka", kafka ? "up" : "down",
                "controlPlane", control ? "up" : "catching up"));
  }

  private void error(OtlpError e, Context ctx) {
    ctx.status(e.httpStatus())
        .contentType(PROTOBUF)
        .result(RpcStatus.encode(e.grpcCode(), e.getMessage()));
    if (e.retryAfterSeconds() > 0) {
      ctx.header("Retry-After", Integer.toString(e.retryAfterSeconds()));
    }
  }

  @Override
  public void close() {
    if (app != null) {
      app.stop();
    }
  }
}
