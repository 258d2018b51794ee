package io.obsera.query.quota;

import io.obsera.query.api.ApiException;
import io.obsera.query.api.Params;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

/**
 * Enforces each tenant's {@link TenantQuotas}: object counts (429 naming the quota), the shortest
 * probe interval (429), panels per dashboard (429), queries running at once (429 with {@code
 * Retry-After}, without ever waiting, so one tenant's queries never hold up another's) and the
 * longest search range (400 naming the maximum). Reports quotas and usage for {@code GET
 * /api/v1/quotas}.
 *
 * <p>Creating an object counts and writes under a per-tenant, per-kind lock, so parallel requests
 * of one tenant cannot overshoot its quota on this instance. Lowering a quota below a tenant's
 * usage keeps its objects; it cannot create more until it is under the quota again.
 */
public final class Quotas {
  private final QuotaPlans plans;
  private final Map<ObjectQuota, ToIntFunction<String>> counts;
  private final ToIntFunction<String> mostPanels;
  private final ConcurrentMap<String, Object> creating = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, AtomicInteger> running = new ConcurrentHashMap<>();

  /**
   * @param counts a tenant's objects of each kind, as this service's views show them
   * @param mostPanels the most panels one of a tenant's dashboards has
   */
  public Quotas(
      QuotaPlans plans,
      Map<ObjectQuota, ToIntFunction<String>> counts,
      ToIntFunction<String> mostPanels) {
    for (ObjectQuota q : ObjectQuota.values()) {
      if (!counts.containsKey(q)) {
        throw new IllegalArgumentException("no count of " + q.noun());
      }
    }
    this.plans = plans;
    this.counts = new EnumMap<>(counts);
    this.mostPanels = mostPanels;
  }

  public TenantQuotas of(String tenant) {
    return plans.of(tenant);
  }

  /**
   * Runs {@code write}, which creates one object of {@code quota}'s kind, if the tenant has room
   * for it; 429 naming the quota otherwise.
   */
  public <T> T create(String tenant, ObjectQuota quota, Supplier<T> write) {
    synchronized (creating.computeIfAbsent(tenant + "|" + quota, k -> new Object())) {
      int limit = quota.limit(of(tenant));
      int used = counts.get(quota).applyAsInt(tenant);
      if (used >= limit) {
        throw ApiException.quotaExceeded(
            "tenant "
                + tenant
                + " has "
                + used
                + " "
                + quota.noun()
                + ", its quota '"
                + quota.field()
                + "' allows "
                + limit
                + source(quota.variable())
                + "; delete one before creating another");
      }
      return write.get();
    }
  }

  /** 429 naming the quota when a dashboard would have more panels than the tenant may have. */
  public void requirePanels(String tenant, int panels) {
    int limit = of(tenant).panelsPerDashboard();
    if (panels > limit) {
      throw ApiException.quotaExceeded(
          "field 'panels' has "
              + panels
              + " panels; the quota 'panelsPerDashboard' of tenant "
              + tenant
              + " allows "
              + limit
              + source("OBSERA_QUOTA_PANELS_PER_DASHBOARD"));
    }
  }

  /** 429 naming the quota when an endpoint would be probed more often than the tenant may. */
  public void requireProbeInterval(String tenant, long intervalMs) {
    long min = of(tenant).minProbeIntervalMs();
    if (intervalMs < min) {
      throw ApiException.quotaExceeded(
          "field 'intervalMs' is "
              + intervalMs
              + " ms; the quota 'minProbeIntervalMs' of tenant "
              + tenant
              + " allows "
              + min
              + " ms or more"
              + source("OBSERA_QUOTA_MIN_PROBE_INTERVAL_MS"));
    }
  }

  /** The interval the probe agents use for an endpoint of {@code tenant}: never below its quota. */
  public long probeInterval(String tenant, long intervalMs) {
    return Math.max(intervalMs, of(tenant).minProbeIntervalMs());
  }

  /** 400 naming the maximum when a search's {@code from}/{@code to} span more than it allows. */
  public void requireSearchRange(String tenant, Params.TimeRange range) {
    int days = of(tenant).maxSearchDays();
    long span = range.toNanos() - range.fromNanos();
    if (span > Duration.ofDays(days).toNanos()) {
      throw Params.bad(
          "from",
          String.format(
              Locale.ROOT,
              "and 'to' span %.1f days, more than the maximum search range of %d days (quota"
                  + " 'maxSearchDays', default from OBSERA_QUOTA_MAX_SEARCH_DAYS); narrow the"
                  + " range",
              span / 86_400e9,
              days));
    }
  }

  /** A running query; closing it frees its place. */
  public interface QueryPermit extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * A place for one more query of {@code tenant} ({@code /api/v1/sql}, a panel run), at once: 429
   * with {@code Retry-After} naming the quota when it already runs as many as it may.
   */
  public QueryPermit startQuery(String tenant) {
    int limit = of(tenant).concurrentQueries();
    AtomicInteger now = running.computeIfAbsent(tenant, t -> new AtomicInteger());
    if (now.incrementAndGet() > limit) {
      now.decrementAndGet();
      throw ApiException.quotaExceeded(
          "tenant "
              + tenant
              + " already runs "
              + limit
              + " queries, as many as its quota 'concurrentQueries' allows"
              + source("OBSERA_QUOTA_CONCURRENT_QUERIES")
              + "; retry when one has finished",
          1);
    }
    return now::decrementAndGet;
  }

  /** The tenant's quotas and what it uses of them, as {@code GET /api/v1/quotas} answers. */
  public Map<String, Object> report(String tenant) {
    TenantQuotas q = of(tenant);
    Map<String, Object> objects = new LinkedHashMap<>();
    for (ObjectQuota kind : ObjectQuota.values()) {
      objects.put(kind.field(), usage(kind.limit(q), counts.get(kind).applyAsInt(tenant)));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("tenantId", tenant);
    out.put("objects", objects);
    out.put("panelsPerDashboard", usage(q.panelsPerDashboard(), mostPanels.applyAsInt(tenant)));
    AtomicInteger now = running.get(tenant);
    out.put("concurrentQueries", usage(q.concurrentQueries(), now == null ? 0 : now.get()));
    out.put("minProbeIntervalMs", q.minProbeIntervalMs());
    out.put("maxSearchDays", q.maxSearchDays());
    return out;
  }

  private static Map<String, Integer> usage(int limit, int used) {
    Map<String, Integer> out = new LinkedHashMap<>();
    out.put("limit", limit);
    out.put("used", used);
    return out;
  }

  private static String source(String variable) {
    return variable == null ? "" : " (default from " + variable + ")";
  }
}
