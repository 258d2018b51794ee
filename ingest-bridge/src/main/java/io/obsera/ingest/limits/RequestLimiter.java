package io.obsera.ingest.limits;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.obsera.ingest.pipeline.IngestError;
import io.obsera.ingest.pipeline.Signal;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import java.time.Duration;

/**
 * Enforces {@link IngestLimits} on a decoded request: items per request (413), the tenant's rate
 * (429, resilience4j RateLimiter per tenant, items per second) and attribute limits (truncated and
 * counted in dropped_attributes_count, as the SDKs do).
 */
public final class RequestLimiter {
  private final IngestLimits limits;
  private final RequestAttributeLimits attributes;
  private final RateLimiterRegistry rates;

  public RequestLimiter(IngestLimits limits) {
    this.limits = limits;
    this.attributes = new RequestAttributeLimits(new AttributeLimiter(limits));
    this.rates =
        RateLimiterRegistry.of(
            RateLimiterConfig.custom()
                .limitForPeriod(limits.itemsPerSecond())
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ZERO)
                .build());
  }

  public ExportTraceServiceRequest apply(String tenant, ExportTraceServiceRequest request) {
    int items = 0;
    for (ResourceSpans rs : request.getResourceSpansList()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        items += ss.getSpansCount();
      }
    }
    admit(tenant, Signal.TRACES, items);
    return attributes.traces(request);
  }

  public ExportLogsServiceRequest apply(String tenant, ExportLogsServiceRequest request) {
    int items = 0;
    for (ResourceLogs rl : request.getResourceLogsList()) {
      for (ScopeLogs sl : rl.getScopeLogsList()) {
        items += sl.getLogRecordsCount();
      }
    }
    admit(tenant, Signal.LOGS, items);
    return attributes.logs(request);
  }

  public ExportMetricsServiceRequest apply(String tenant, ExportMetricsServiceRequest request) {
    int items = 0;
    for (ResourceMetrics rm : request.getResourceMetricsList()) {
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        items += sm.getMetricsList().stream().mapToInt(MetricPointCount::of).sum();
      }
    }
    admit(tenant, Signal.METRICS, items);
    return attributes.metrics(request);
  }

  private void admit(String tenant, Signal signal, int items) {
    if (items > limits.maxItemsPerRequest()) {
      throw IngestError.tooLarge(
          items
              + " "
              + signal.items()
              + " in one request exceed the limit of "
              + limits.maxItemsPerRequest()
              + " (OBSERA_INGEST_MAX_ITEMS_PER_REQUEST); send smaller batches");
    }
    if (items == 0) {
      return;
    }
    RateLimiter limiter = rates.rateLimiter(tenant);
    if (!limiter.acquirePermission(Math.min(items, limits.itemsPerSecond()))) {
      throw IngestError.rateLimited(
          "tenant " + tenant + " is over its rate of " + limits.itemsPerSecond() + " items/s", 1);
    }
  }
}
