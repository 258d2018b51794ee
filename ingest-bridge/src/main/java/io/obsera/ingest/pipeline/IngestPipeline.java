package io.obsera.ingest.pipeline;

import io.obsera.ingest.fragment.Fragment;
import io.obsera.ingest.fragment.LogFragmenter;
import io.obsera.ingest.fragment.MetricFragmenter;
import io.obsera.ingest.fragment.Result;
import io.obsera.ingest.fragment.TraceFragmenter;
import io.obsera.ingest.kafka.BackpressureException;
import io.obsera.ingest.kafka.TelemetryPublisher;
import io.obsera.ingest.limits.IngestLimits;
import io.obsera.ingest.limits.RequestLimiter;
import io.obsera.ingest.metrics.IngestMetrics;
import io.obsera.model.control.ApiKeyRecord;
import io.obsera.model.control.Scope;
import io.obsera.model.control.TenantRecord;
import io.obsera.platform.control.ControlPlaneView;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
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
  private final RequestLimiter limiter;
  private final IngestMetrics metrics;
  private final long ackTimeoutMillis;

  public IngestPipeline(
      ControlPlaneView controlPlane,
      TelemetryPublisher publisher,
      IngestLimits limits,
      IngestMetrics metrics,
      long ackTimeoutMillis) {
    this.controlPlane = controlPlane;
    this.publisher = publisher;
    this.limiter =
        new RequestLimiter(
            limits, tenant -> controlPlane.tenant(tenant).map(TenantRecord::limits).orElse(null));
    this.metrics = metrics;
    this.ackTimeoutMillis = ackTimeoutMillis;
  }

  public IngestMetrics metrics() {
    return metrics;
  }

  /**
   * The key behind a bearer token (without the "Bearer " prefix), for a request from {@code origin}
   * (the Origin header, null outside browsers). Unknown or revoked keys are UNAUTHENTICATED; a key
   * without an ingest or probe scope, or a browser key used from an origin it does not list, is
   * PERMISSION_DENIED.
   */
  public ApiKeyRecord authenticate(String token, String origin) {
    if (token == null || token.isBlank()) {
      throw IngestError.unauthenticated("missing 'Authorization: Bearer <api key>'");
    }
    ApiKeyRecord key =
        controlPlane
            .authenticate(token.strip())
            .orElseThrow(() -> IngestError.unauthenticated("unknown or revoked API key"));
    if (key.scopes().contains(Scope.INGEST) || key.scopes().contains(Scope.PROBE)) {
      return key;
    }
    if (key.scopes().contains(Scope.BROWSER)) {
      if (origin == null || !key.origins().contains(origin)) {
        throw IngestError.permissionDenied(
            "browser key "
                + key.keyId()
                + " may only be used from its origins "
                + key.origins()
                + ", request origin: "
                + (origin == null ? "none" : origin));
      }
      return key;
    }
    throw IngestError.permissionDenied(
        "API key " + key.keyId() + " has no ingest scope (scopes: " + key.scopes() + ")");
  }

  /** Without an Origin header (servers, collectors, gRPC). */
  public ApiKeyRecord authenticate(String token) {
    return authenticate(token, null);
  }

  /** Whether a CORS preflight from {@code origin} is allowed (configured or via a browser key). */
  public boolean corsAllowed(String origin, java.util.Set<String> configuredOrigins) {
    return origin != null
        && (configuredOrigins.contains(origin)
            || configuredOrigins.contains("*")
            || controlPlane.anyBrowserKeyAllows(origin));
  }

  public ExportOutcome export(ApiKeyRecord key, ExportTraceServiceRequest request) {
    return export(key, request, null, ackTimeoutMillis);
  }

  /**
   * As {@link #export(ApiKeyRecord, ExportTraceServiceRequest)} for a request parsed from the
   * protobuf bytes {@code wire}: its fragments are cut from those bytes (unless attribute limits
   * changed the request).
   */
  public ExportOutcome export(ApiKeyRecord key, ExportTraceServiceRequest request, byte[] wire) {
    return export(key, request, wire, ackTimeoutMillis);
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
    return export(key, request, null, maxWaitMillis);
  }

  /**
   * As {@link #export(ApiKeyRecord, ExportTraceServiceRequest, long)} for a request parsed from the
   * protobuf bytes {@code wire} (or null), as {@link #export(ApiKeyRecord,
   * ExportTraceServiceRequest, byte[])}.
   */
  public ExportOutcome export(
      ApiKeyRecord key, ExportTraceServiceRequest request, byte[] wire, long maxWaitMillis) {
    if (isProbe(key)) {
      return publish(
          key,
          Signal.TRACES,
          () -> {
            List<TenantPart> parts = new ArrayList<>();
            ProbeTenants.traces(request, this::tenantExists)
                .forEach(
                    (tenant, part) ->
                        parts.add(
                            new TenantPart(
                                tenant,
                                TraceFragmenter.fragment(tenant, limiter.apply(tenant, part)))));
            return parts;
          },
          maxWaitMillis);
    }
    String tenant = key.tenantId();
    return publish(
        key,
        Signal.TRACES,
        () -> {
          ExportTraceServiceRequest limited = limiter.apply(tenant, request);
          return List.of(
              new TenantPart(
                  tenant,
                  TraceFragmenter.fragment(tenant, limited, limited == request ? wire : null)));
        },
        maxWaitMillis);
  }

  public ExportOutcome export(
      ApiKeyRecord key, ExportLogsServiceRequest request, long maxWaitMillis) {
    String tenant = key.tenantId();
    return publish(
        key,
        Signal.LOGS,
        () -> {
          if (isProbe(key)) {
            throw IngestError.permissionDenied(
                "probe key "
                    + key.keyId()
                    + " may send traces and metrics (probe results) only, not logs");
          }
          return List.of(
              new TenantPart(
                  tenant, LogFragmenter.fragment(tenant, limiter.apply(tenant, request))));
        },
        maxWaitMillis);
  }

  public ExportOutcome export(
      ApiKeyRecord key, ExportMetricsServiceRequest request, long maxWaitMillis) {
    if (isProbe(key)) {
      return publish(
          key,
          Signal.METRICS,
          () -> {
            List<TenantPart> parts = new ArrayList<>();
            ProbeTenants.metrics(request, this::tenantExists)
                .forEach(
                    (tenant, part) ->
                        parts.add(
                            new TenantPart(
                                tenant,
                                MetricFragmenter.fragment(tenant, limiter.apply(tenant, part)))));
            return parts;
          },
          maxWaitMillis);
    }
    String tenant = key.tenantId();
    return publish(
        key,
        Signal.METRICS,
        () ->
            List.of(
                new TenantPart(
                    tenant, MetricFragmenter.fragment(tenant, limiter.apply(tenant, request)))),
        maxWaitMillis);
  }

  /**
   * A probe agent's key: its data is filed under the tenant each resource names ({@link
   * ProbeTenants}), under that tenant's limits. Any other key's data stays under the key's tenant,
   * whatever its resources say.
   */
  private static boolean isProbe(ApiKeyRecord key) {
    return key.scopes().contains(Scope.PROBE);
  }

  private boolean tenantExists(String tenant) {
    return controlPlane.tenant(tenant).isPresent();
  }

  /** The fragments of one tenant's part of a request. */
  private record TenantPart(String tenant, Result result) {}

  /** Whether Kafka answers and the control plane has been read: ingest readiness. */
  public boolean ready() {
    return controlPlane.isCaughtUp() && publisher.ready();
  }

  /**
   * Publishes the fragments of every tenant part of one request in one go (all or nothing), and
   * counts accepted and rejected items per tenant.
   */
  private ExportOutcome publish(
      ApiKeyRecord key, Signal signal, Supplier<List<TenantPart>> fragmenting, long maxWaitMillis) {
    String tenant = key.tenantId();
    List<TenantPart> parts;
    try {
      parts = fragmenting.get();
    } catch (IngestError e) {
      metrics.rejected(tenant, signal, e.kind().name().toLowerCase(Locale.ROOT), 1);
      throw e;
    }
    List<Fragment> fragments = new ArrayList<>();
    int rejected = 0;
    String rejectReason = null;
    for (TenantPart p : parts) {
      metrics.rejected(p.tenant(), signal, "invalid_item", p.result().rejected());
      fragments.addAll(p.result().fragments());
      rejected += p.result().rejected();
      rejectReason = p.result().rejectReason() == null ? rejectReason : p.result().rejectReason();
    }
    Result result = new Result(fragments, rejected, rejectReason);
    if (!result.fragments().isEmpty()) {
      try {
        publisher
            .publish(signal, result.fragments())
            .get(Math.min(ackTimeoutMillis, maxWaitMillis), TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof BackpressureException b) {
          rejectedAll(parts, signal, "backpressure");
          throw IngestError.unavailable(b.getMessage() + "; retry later", 5);
        }
        log.warn("Kafka did not acknowledge {} of tenant {}: {}", signal, tenant, e.toString());
        rejectedAll(parts, signal, "kafka_unavailable");
        throw IngestError.unavailable("Kafka did not acknowledge the data; retry later", 5);
      } catch (TimeoutException e) {
        log.warn("Kafka did not acknowledge {} of tenant {}: {}", signal, tenant, e.toString());
        rejectedAll(parts, signal, "kafka_unavailable");
        throw IngestError.unavailable("Kafka did not acknowledge the data; retry later", 5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw IngestError.unavailable("interrupted while waiting for Kafka; retry later", 5);
      }
    }
    parts.forEach(p -> metrics.accepted(p.tenant(), signal, p.result().accepted()));
    return outcome(signal, result);
  }

  private void rejectedAll(List<TenantPart> parts, Signal signal, String reason) {
    parts.forEach(p -> metrics.rejected(p.tenant(), signal, reason, p.result().accepted()));
  }

  private static ExportOutcome outcome(Signal signal, Result result) {
    String message =
        result.rejected() == 0
            ? ""
            : result.rejected() + " " + signal.items() + " rejected: " + result.rejectReason();
    return new ExportOutcome(result.accepted(), result.rejected(), message);
  }
}
