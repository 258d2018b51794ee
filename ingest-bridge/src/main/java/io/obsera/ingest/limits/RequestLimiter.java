package io.obsera.ingest.limits;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.obsera.ingest.pipeline.IngestError;
import io.obsera.ingest.pipeline.Signal;
import io.obsera.model.control.TenantLimits;
import io.obsera.model.facts.MetricPointCount;
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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Enforces {@link IngestLimits} on a decoded request: items per request (413), the tenant's rate
 * (429, resilience4j RateLimiter per tenant, items per second; a browser key's requests count
 * against the key's own {@link BrowserLimits#itemsPerSecond} instead) and attribute limits
 * (truncated and counted in dropped_attributes_count, as the SDKs do).
 */
public final class RequestLimiter {
  private final IngestLimits defaults;
  private final Function<String, TenantLimits> overrides;
  private final int browserItemsPerSecond;
  private final RateLimiterRegistry rates = RateLimiterRegistry.ofDefaults();
  private final Map<IngestLimits, RequestAttributeLimits> attributeLimits =
      new ConcurrentHashMap<>();

  /** Same limits for every tenant. */
  public RequestLimiter(IngestLimits limits) {
    this(limits, tenant -> TenantLimits.none(), BrowserLimits.defaults());
  }

  /**
   * Service defaults, overridden per tenant by {@code overrides} (the control plane), and the rate
   * of browser keys.
   */
  public RequestLimiter(
      IngestLimits defaults, Function<String, TenantLimits> overrides, BrowserLimits browser) {
    this.defaults = defaults;
    this.overrides = overrides;
    this.browserItemsPerSecond = browser.itemsPerSecond();
  }

  private IngestLimits limits(String tenant) {
    TenantLimits t = overrides.apply(tenant);
    return t == null ? defaults : defaults.with(t);
  }

  private RequestAttributeLimits attributes(IngestLimits limits) {
    return attributeLimits.computeIfAbsent(
        limits, l -> new RequestAttributeLimits(new AttributeLimiter(l)));
  }

  public ExportTraceServiceRequest apply(String tenant, ExportTraceServiceRequest request) {
    return apply(tenant, null, request);
  }

  public ExportLogsServiceRequest apply(String tenant, ExportLogsServiceRequest request) {
    return apply(tenant, null, request);
  }

  public ExportMetricsServiceRequest apply(String tenant, ExportMetricsServiceRequest request) {
    return apply(tenant, null, request);
  }

  /**
   * @param browserKey the id of the browser key the request was sent with (its own rate applies),
   *     null for any other key (the tenant's rate applies)
   */
  public ExportTraceServiceRequest apply(
      String tenant, String browserKey, ExportTraceServiceRequest request) {
    int spans = 0;
    for (ResourceSpans rs : request.getResourceSpansList()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        spans += ss.getSpansCount();
      }
    }
    return admit(tenant, browserKey, Signal.TRACES, spans).traces(request);
  }

  public ExportLogsServiceRequest apply(
      String tenant, String browserKey, ExportLogsServiceRequest request) {
    int logRecords = 0;
    for (ResourceLogs rl : request.getResourceLogsList()) {
      for (ScopeLogs sl : rl.getScopeLogsList()) {
        logRecords += sl.getLogRecordsCount();
      }
    }
    return admit(tenant, browserKey, Signal.LOGS, logRecords).logs(request);
  }

  public ExportMetricsServiceRequest apply(
      String tenant, String browserKey, ExportMetricsServiceRequest request) {
    int dataPoints = 0;
    for (ResourceMetrics rm : request.getResourceMetricsList()) {
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        dataPoints += sm.getMetricsList().stream().mapToInt(MetricPointCount::of).sum();
      }
    }
    return admit(tenant, browserKey, Signal.METRICS, dataPoints).metrics(request);
  }

  /**
   * One limiter per tenant (or browser key) and rate: a changed rate takes effect with a fresh
   * limiter.
   */
  private RateLimiter rateLimiter(String bucket, int perSecond) {
    return rates.rateLimiter(
        bucket + "@" + perSecond,
        RateLimiterConfig.custom()
            .limitForPeriod(perSecond)
            .limitRefreshPeriod(Duration.ofSeconds(1))
            .timeoutDuration(Duration.ZERO)
            .build());
  }

  /**
   * Admits a request of {@code items} items of the tenant (413 over the size limit, 429 over the
   * tenant's rate, or the browser key's) and returns the attribute limits to apply to it.
   */
  private RequestAttributeLimits admit(String tenant, String browserKey, Signal signal, int items) {
    IngestLimits limits = limits(tenant);
    if (items > limits.maxItemsPerRequest()) {
      throw IngestError.tooLarge(
          items
              + " "
              + signal.items()
              + " in one request exceed the limit of "
              + limits.maxItemsPerRequest()
              + " (OBSERA_INGEST_MAX_ITEMS_PER_REQUEST); send smaller batches");
    }
    if (browserKey != null) {
      // a copied browser key uses up its own rate, never the tenant's
      if (items > 0
          && !rateLimiter("browser:" + browserKey, browserItemsPerSecond)
              .acquirePermission(Math.min(items, browserItemsPerSecond))) {
        throw IngestError.rateLimited(
            "browser key "
                + browserKey
                + " is over its rate of "
                + browserItemsPerSecond
                + " items/s (OBSERA_INGEST_BROWSER_RATE)",
            1);
      }
    } else if (items > 0
        && !rateLimiter(tenant, limits.itemsPerSecond())
            .acquirePermission(Math.min(items, limits.itemsPerSecond()))) {
      throw IngestError.rateLimited(
          "tenant " + tenant + " is over its rate of " + limits.itemsPerSecond() + " items/s", 1);
    }
    return attributes(limits);
  }
}
