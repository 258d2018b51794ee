package io.obsera.ingest.pipeline;

import io.obsera.ingest.kafka.TelemetryPublisher;
import io.obsera.ingest.translate.LogFragmenter;
import io.obsera.ingest.translate.MetricFragmenter;
import io.obsera.ingest.translate.Result;
import io.obsera.ingest.translate.TraceFragmenter;
import io.obsera.model.control.ApiKeyRecord;
import io.obsera.model.control.ControlPlaneView;
import io.obsera.model.control.Scope;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every transport does with a decoded export: authenticate the key, split the request into
 * per-key fragments (dropping invalid items), publish them and wait for Kafka's acknowledgement.
 * Transport-neutral: HTTP and gRPC receivers only decode, call this, and encode the answer.
 */
public final class IngestPipeline {
  private static final Logger log = LoggerFactory.getLogger(IngestPipeline.class);

  private final ControlPlaneView controlPlane;
  private final TelemetryPublisher publisher;
  private final long ackTimeoutMillis;

  public IngestPipeline(
      ControlPlaneView controlPlane, TelemetryPublisher publisher, long ackTimeoutMillis) {
    this.controlPlane = controlPlane;
    this.publisher = publisher;
    this.ackTimeoutMillis = ackTimeoutMillis;
  }

  /**
   * The key behind a bearer token (without the "Bearer " prefix). Unknown or revoked keys are
   * UNAUTHENTICATED; a valid key without the ingest scope is PERMISSION_DENIED.
   */
  public ApiKeyRecord authenticate(String token) {
    if (token == null || token.isBlank()) {
      throw IngestError.unauthenticated("missing 'Authorization: Bearer <api key>'");
    }
    ApiKeyRecord key =
        controlPlane
            .authenticate(token.strip())
            .orElseThrow(() -> IngestError.unauthenticated("unknown or revoked API key"));
    if (!key.scopes().contains(Scope.INGEST)) {
      throw IngestError.permissionDenied(
          "API key " + key.keyId() + " has no ingest scope (scopes: " + key.scopes() + ")");
    }
    return key;
  }

  public ExportOutcome export(ApiKeyRecord key, ExportTraceServiceRequest request) {
    return export(key, request, ackTimeoutMillis);
  }

  public ExportOutcome export(ApiKeyRecord key, ExportLogsServiceRequest request) {
    return export(key, request, ackTimeoutMillis);
  }

  public ExportOutcome export(ApiKeyRecord key, ExportMetricsServiceRequest request) {
    return export(key, request, ackTimeoutMillis);
  }

  /**
   * As {@link #export(ApiKeyRecord, ExportTraceServiceRequest)}, waiting at most {@code
   * maxWaitMillis} (capped at the configured ack timeout) for Kafka, e.g. a gRPC call's remaining
   * deadline. Not acknowledged in time is UNAVAILABLE.
   */
  public ExportOutcome export(
      ApiKeyRecord key, ExportTraceServiceRequest request, long maxWaitMillis) {
    return publish(
        key, Signal.TRACES, TraceFragmenter.fragment(key.tenantId(), request), maxWaitMillis);
  }

  public ExportOutcome export(
      ApiKeyRecord key, ExportLogsServiceRequest request, long maxWaitMillis) {
    return publish(
        key, Signal.LOGS, LogFragmenter.fragment(key.tenantId(), request), maxWaitMillis);
  }

  public ExportOutcome export(
      ApiKeyRecord key, ExportMetricsServiceRequest request, long maxWaitMillis) {
    return publish(
        key, Signal.METRICS, MetricFragmenter.fragment(key.tenantId(), request), maxWaitMillis);
  }

  /** Whether Kafka answers and the control plane has been read: ingest readiness. */
  public boolean ready() {
    return controlPlane.isCaughtUp() && publisher.ready();
  }

  private ExportOutcome publish(
      ApiKeyRecord key, Signal signal, Result result, long maxWaitMillis) {
    String tenant = key.tenantId();
    if (!result.fragments().isEmpty()) {
      try {
        publisher
            .publish(signal, tenant, result.fragments())
            .get(Math.min(ackTimeoutMillis, maxWaitMillis), TimeUnit.MILLISECONDS);
      } catch (ExecutionException | TimeoutException e) {
        log.warn("Kafka did not acknowledge {} of tenant {}: {}", signal, tenant, e.toString());
        throw IngestError.unavailable("Kafka did not acknowledge the data; retry later", 5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw IngestError.unavailable("interrupted while waiting for Kafka; retry later", 5);
      }
    }
    String message =
        result.rejected() == 0
            ? ""
            : result.rejected() + " " + signal.items() + " rejected: " + result.rejectReason();
    return new ExportOutcome(result.accepted(), result.rejected(), message);
  }
}
