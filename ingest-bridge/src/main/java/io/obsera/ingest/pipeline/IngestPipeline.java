package io.obsera.ingest.pipeline;

import io.obsera.ingest.fragment.Fragment;
import io.obsera.ingest.fragment.LogFragmenter;
import io.obsera.ingest.fragment.MetricFragmenter;
import io.obsera.ingest.fragment.Result;
import io.obsera.ingest.fragment.TraceFragmenter;
import io.obsera.ingest.kafka.BackpressureException;
import io.obsera.ingest.kafka.TelemetryPublisher;
import io.obsera.ingest.limits.BrowserLimits;
import io.obsera.ingest.limits.InFlightBytes;
import io.obsera.ingest.limits.InFlightLimits;
import io.obsera.ingest.limits.IngestLimits;
import io.obsera.ingest.limits.RequestLimiter;
import io.obsera.ingest.limits.SeriesLimiter;
import io.obsera.ingest.limits.SeriesTracker;
import io.obsera.ingest.metrics.IngestMetrics;
import io.obsera.ingest.pipeline.ProbeTenants.Part;
import io.obsera.model.control.ApiKeyRecord;
import io.obsera.model.control.EndpointDefinition;
import io.obsera.model.control.Scope;
import io.obsera.model.control.TenantRecord;
import io.obsera.platform.control.ControlPlaneView;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
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
  private final ProbeTenants.Catalog catalog;
  private final TelemetryPublisher publisher;
  private final RequestLimiter limiter;
  private final SeriesLimiter series;
  private final InFlightBytes inFlight;
  private final IngestMetrics metrics;
  private final long ackTimeoutMillis;

  /** {@code clock} windows the series limits ({@link SeriesTracker}). */
  public IngestPipeline(
      ControlPlaneView controlPlane,
      TelemetryPublisher publisher,
      IngestLimits limits,
      BrowserLimits browser,
      InFlightLimits inFlight,
      IngestMetrics metrics,
      long ackTimeoutMillis,
      Clock clock) {
    this.controlPlane = controlPlane;
    this.catalog = catalog(controlPlane);
    this.publisher = publisher;
    this.limiter =
        new RequestLimiter(
            limits,
            tenant -> controlPlane.tenant(tenant).map(TenantRecord::limits).orElse(null),
            browser);
    this.series =
        new SeriesLimiter(
            new SeriesTracker(limits.maxSeriesPerMetric(), limits.maxSeriesPerTenant(), clock));
    this.inFlight = new InFlightBytes(inFlight);
    this.metrics = metrics;
    this.ackTimeoutMillis = ackTimeoutMillis;
  }

  public IngestMetrics metrics() {
    return metrics;
  }

  /** Distinct series per tenant and metric in this instance (the series limits). */
  public SeriesTracker series() {
    return series.tracker();
  }

  /** The request bytes this instance holds; receivers reserve a request's before reading it. */
  public InFlightBytes inFlight() {
    return inFlight;
  }

  /**
   * Whether {@code key} is a browser key (scope {@code browser} without {@code ingest} or {@code
   * probe}): it gets the smaller {@link BrowserLimits}.
   */
  public static boolean isBrowser(ApiKeyRecord key) {
    return key.scopes().contains(Scope.BROWSER)
        && !key.scopes().contains(Scope.INGEST)
        && !key.scopes().contains(Scope.PROBE);
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

  /**
   * Authenticated, decoded request to acknowledged data: splits it into per-key fragments (dropping
   * invalid items), publishes the fragments of every tenant part in one go (all or nothing), and
   * counts accepted and rejected items per tenant. Waits at most {@link
   * ExportRequest#maxWaitMillis()}, capped at the configured ack timeout, for Kafka; not
   * acknowledged in time is UNAVAILABLE.
   */
  public ExportOutcome export(ExportRequest request) {
    Signal signal = request.signal();
    String tenant = request.key().tenantId();
    List<TenantPart> parts;
    try {
      parts = fragment(request);
    } catch (IngestError e) {
      metrics.rejected(tenant, signal, e.kind().name().toLowerCase(Locale.ROOT), 1);
      throw e;
    }
    List<Fragment> fragments = new ArrayList<>();
    int rejected = 0;
    String rejectReason = null;
    for (TenantPart p : parts) {
      metrics.rejected(p.tenant(), signal, "invalid_item", p.result().rejected() - p.newSeries());
      metrics.rejected(p.tenant(), signal, "series_limit", p.newSeries());
      fragments.addAll(p.result().fragments());
      rejected += p.result().rejected();
      rejectReason = p.result().rejectReason() == null ? rejectReason : p.result().rejectReason();
    }
    Result result = new Result(fragments, rejected, rejectReason);
    if (!result.fragments().isEmpty()) {
      try {
        publisher
            .publish(signal, result.fragments())
            .get(Math.min(ackTimeoutMillis, request.maxWaitMillis()), TimeUnit.MILLISECONDS);
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

  /** The fragments of each tenant's part of the request (one part unless sent with a probe key). */
  private List<TenantPart> fragment(ExportRequest request) {
    ApiKeyRecord key = request.key();
    String browserKey = isBrowser(key) ? key.keyId() : null;
    return switch (request.signal()) {
      case TRACES -> {
        ExportTraceServiceRequest decoded = request.traces();
        Map<String, Part<ExportTraceServiceRequest>> byTenant =
            isProbe(key)
                ? ProbeTenants.traces(decoded, key, catalog)
                : Map.of(key.tenantId(), new Part<>(decoded, 0, null));
        yield fragmentEach(
            byTenant,
            (tenant, part) -> {
              ExportTraceServiceRequest limited = limiter.apply(tenant, browserKey, part);
              // The wire bytes are those of the request as sent: they serve only when it is
              // unchanged (a probe key's parts, or a request the limits changed, are serialised).
              return TraceFragmenter.fragment(
                  tenant, limited, limited == decoded ? request.wire() : null);
            });
      }
      case LOGS -> {
        if (isProbe(key)) {
          throw IngestError.invalid(
              "probe key "
                  + key.keyId()
                  + " may send probe results (check spans and probe gauges) only, not logs");
        }
        yield fragmentEach(
            Map.of(key.tenantId(), new Part<>(request.logs(), 0, null)),
            (tenant, part) ->
                LogFragmenter.fragment(tenant, limiter.apply(tenant, browserKey, part)));
      }
      case METRICS -> {
        ExportMetricsServiceRequest decoded = request.metrics();
        Map<String, Part<ExportMetricsServiceRequest>> byTenant =
            isProbe(key)
                ? ProbeTenants.metrics(decoded, key, catalog)
                : Map.of(key.tenantId(), new Part<>(decoded, 0, null));
        List<TenantPart> parts = new ArrayList<>(byTenant.size());
        byTenant.forEach(
            (tenant, part) -> {
              SeriesLimiter.Limited limited =
                  series.apply(tenant, limiter.apply(tenant, browserKey, part.request()));
              Result r = MetricFragmenter.fragment(tenant, limited.request());
              String reason =
                  limited.reason() != null
                      ? limited.reason()
                      : r.rejectReason() != null ? r.rejectReason() : part.rejectReason();
              parts.add(
                  new TenantPart(
                      tenant,
                      new Result(
                          r.fragments(),
                          r.rejected() + limited.refused() + part.rejected(),
                          reason),
                      limited.refused()));
            });
        yield parts;
      }
    };
  }

  /**
   * Each tenant's part fragmented, in order; limits apply per tenant. The items dropped before (a
   * probe key's items that are no probe checks) count as rejected with the fragmenter's.
   */
  private static <Q> List<TenantPart> fragmentEach(
      Map<String, Part<Q>> byTenant, BiFunction<String, Q, Result> fragmenter) {
    List<TenantPart> parts = new ArrayList<>(byTenant.size());
    byTenant.forEach(
        (tenant, part) -> {
          Result r = fragmenter.apply(tenant, part.request());
          if (part.rejected() > 0) {
            r =
                new Result(
                    r.fragments(),
                    r.rejected() + part.rejected(),
                    r.rejectReason() == null ? part.rejectReason() : r.rejectReason());
          }
          parts.add(new TenantPart(tenant, r, 0));
        });
    return parts;
  }

  /**
   * A probe agent's key: it may send only checks of endpoints probed from its regions, filed under
   * the tenant each resource names ({@link ProbeTenants}), under that tenant's limits. Any other
   * key's data stays under the key's tenant, whatever its resources say.
   */
  private static boolean isProbe(ApiKeyRecord key) {
    return key.scopes().contains(Scope.PROBE);
  }

  /** Tenants and endpoints as the control-plane view has them now. */
  private static ProbeTenants.Catalog catalog(ControlPlaneView controlPlane) {
    return new ProbeTenants.Catalog() {
      @Override
      public boolean tenantExists(String tenant) {
        return controlPlane.tenant(tenant).isPresent();
      }

      @Override
      public Optional<EndpointDefinition> endpoint(String tenant, String endpointId) {
        return controlPlane.endpoint(tenant, endpointId);
      }
    };
  }

  /**
   * The fragments of one tenant's part of a request; {@code newSeries} of its rejected items are
   * points of new series refused by the series limits, the rest were invalid.
   */
  private record TenantPart(String tenant, Result result, int newSeries) {}

  /** Whether Kafka answers and the control plane has been read: ingest readiness. */
  public boolean ready() {
    return controlPlane.isCaughtUp() && publisher.ready();
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
