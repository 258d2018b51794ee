package io.obsera.ingest.limits;

import java.time.Clock;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Distinct series per tenant and metric over a sliding window of one to two hours, in this ingest
 * instance. Each metric keeps the 64-bit hashes ({@link SeriesIdentity}) of its series seen in the
 * current hour and in the previous hour; a series of the previous hour seen again is carried into
 * the current one, so a series counts while it was seen within the last hour, and at most until it
 * was last seen two hours ago. Past {@code maxPerMetric} series of a metric, or {@code
 * maxPerTenant} series of all metrics of a tenant, points of new series are refused; known series
 * keep flowing.
 *
 * <p>Memory is bounded by the caps: a tenant holds at most {@code maxPerTenant} hashes in each of
 * the two buckets (about 11 to 21 bytes each in {@link SeriesHashSet}), whatever it sends. Tenants
 * and metrics not seen for two hours are dropped.
 */
public final class SeriesTracker {
  static final long BUCKET_MILLIS = 3_600_000L;

  /** What {@link #admit} decided for one series. */
  public enum Admission {
    ADMITTED,
    METRIC_FULL,
    TENANT_FULL
  }

  /** A metric and its distinct series in the window. */
  public record MetricSeries(String metric, int series) {}

  private final int maxPerMetric;
  private final int maxPerTenant;
  private final Clock clock;
  private final Map<String, TenantSeries> tenants = new ConcurrentHashMap<>();
  private final AtomicLong sweptBucket = new AtomicLong(Long.MIN_VALUE);

  public SeriesTracker(int maxPerMetric, int maxPerTenant, Clock clock) {
    this.maxPerMetric = maxPerMetric;
    this.maxPerTenant = maxPerTenant;
    this.clock = clock;
  }

  public int maxPerMetric() {
    return maxPerMetric;
  }

  public int maxPerTenant() {
    return maxPerTenant;
  }

  /** Whether a point of series {@code hash} of {@code metric} may be stored now. */
  public Admission admit(String tenant, String metric, long hash) {
    return admit(tenant, metric, new long[] {hash}, new BitSet(1));
  }

  /**
   * Decides for the points of one metric at once (one clock read, one lock): sets the bit of each
   * refused point's index in {@code refused} and returns why the last one was refused, or {@link
   * Admission#ADMITTED} when none was.
   */
  public Admission admit(String tenant, String metric, long[] hashes, BitSet refused) {
    long bucket = bucket();
    sweep(bucket);
    return tenants
        .computeIfAbsent(tenant, t -> new TenantSeries())
        .admit(bucket, metric, hashes, refused);
  }

  /** The tenant's metrics with the most series in the window, most first. */
  public List<MetricSeries> top(String tenant, int limit) {
    TenantSeries t = tenants.get(tenant);
    return t == null ? List.of() : t.top(bucket(), limit);
  }

  /** Series tracked for the tenant in the window (every metric). */
  public int series(String tenant) {
    TenantSeries t = tenants.get(tenant);
    return t == null ? 0 : t.series(bucket());
  }

  /** Tenants with state (for tests of expiry). */
  int trackedTenants() {
    return tenants.size();
  }

  /** Slot table bytes of every set held (for tests of the memory bound and the figures). */
  long tableBytes() {
    return tenants.values().stream().mapToLong(TenantSeries::tableBytes).sum();
  }

  private long bucket() {
    return Math.floorDiv(clock.millis(), BUCKET_MILLIS);
  }

  /** Once per hour: drops tenants that sent no metric within the last two hours. */
  private void sweep(long bucket) {
    long last = sweptBucket.get();
    if (last < bucket && sweptBucket.compareAndSet(last, bucket)) {
      tenants.entrySet().removeIf(e -> e.getValue().expired(bucket));
    }
  }

  /** One tenant's metrics; every access synchronized on it (a tenant's requests only). */
  private final class TenantSeries {
    private final Map<String, MetricBuckets> metrics = new HashMap<>();
    private long bucket = Long.MIN_VALUE;
    private int total;

    synchronized Admission admit(long now, String metric, long[] hashes, BitSet refused) {
      rotate(now);
      Admission last = Admission.ADMITTED;
      for (int i = 0; i < hashes.length; i++) {
        Admission a = admit(metric, hashes[i]);
        if (a != Admission.ADMITTED) {
          refused.set(i);
          last = a;
        }
      }
      return last;
    }

    private Admission admit(String metric, long hash) {
      MetricBuckets m = metrics.get(metric);
      if (m == null) {
        if (total >= maxPerTenant) {
          return Admission.TENANT_FULL;
        }
        m = new MetricBuckets();
        metrics.put(metric, m);
      }
      if (m.current.contains(hash)) {
        return Admission.ADMITTED;
      }
      if (m.previous.contains(hash)) {
        m.current.add(hash); // carried forward: counted once, already in total
        m.carried++;
        return Admission.ADMITTED;
      }
      if (m.series() >= maxPerMetric) {
        return Admission.METRIC_FULL;
      }
      if (total >= maxPerTenant) {
        return Admission.TENANT_FULL;
      }
      m.current.add(hash);
      total++;
      return Admission.ADMITTED;
    }

    synchronized List<MetricSeries> top(long now, int limit) {
      rotate(now);
      List<MetricSeries> out = new ArrayList<>(metrics.size());
      metrics.forEach((name, m) -> out.add(new MetricSeries(name, m.series())));
      out.sort(
          Comparator.comparingInt(MetricSeries::series)
              .reversed()
              .thenComparing(MetricSeries::metric));
      return List.copyOf(out.subList(0, Math.min(limit, out.size())));
    }

    synchronized int series(long now) {
      rotate(now);
      return total;
    }

    synchronized boolean expired(long now) {
      return bucket < now - 1;
    }

    synchronized long tableBytes() {
      return metrics.values().stream()
          .mapToLong(m -> m.current.tableBytes() + m.previous.tableBytes())
          .sum();
    }

    /** Moves to hour {@code now}: the current bucket becomes the previous one, or both go. */
    private void rotate(long now) {
      if (now <= bucket) {
        return; // the same hour, or a clock set back: keep what is known
      }
      if (now == bucket + 1) {
        metrics.values().removeIf(m -> m.current.size() == 0);
        metrics.values().forEach(MetricBuckets::rotate);
        total = metrics.values().stream().mapToInt(MetricBuckets::series).sum();
      } else {
        metrics.clear();
        total = 0;
      }
      bucket = now;
    }
  }

  /** One metric's series hashes in the current and the previous hour. */
  private final class MetricBuckets {
    private SeriesHashSet current = new SeriesHashSet(maxPerMetric);
    private SeriesHashSet previous = new SeriesHashSet(0);

    /** Hashes of the previous hour also in the current one. */
    private int carried;

    int series() {
      return current.size() + previous.size() - carried;
    }

    void rotate() {
      previous = current;
      current = new SeriesHashSet(maxPerMetric);
      carried = 0;
    }
  }
}
