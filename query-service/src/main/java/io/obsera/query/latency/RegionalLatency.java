package io.obsera.query.latency;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import io.obsera.model.facts.LatencyBuckets;
import io.obsera.query.api.Params;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-region latency percentiles, count and error rate of a service (and operation) from {@code
 * red_minute}: the minutes starting in the range, several rows per series-minute merged with {@code
 * sum} and {@code sumForEach(LatencyBuckets)}; the same per step as a time series.
 */
public final class RegionalLatency {
  /** At most this many steps in one response. */
  public static final int MAX_POINTS = 10_000;

  private static final String SELECT =
      "SELECT Region, %s AS T, sum(Count) AS N, sum(Errors) AS E,"
          + " sumForEach(LatencyBuckets) AS B FROM red_minute"
          + " WHERE TenantId = {tenant:String} AND ServiceName = {service:String}"
          + " AND Minute >= toDateTime({fromS:Int64}) AND Minute < toDateTime({toS:Int64})"
          + "%s GROUP BY Region, T ORDER BY Region, T";

  private final Client client;

  public RegionalLatency(Client client) {
    this.client = client;
  }

  /** Figures of one region, or of one step of it. */
  public record Stats(
      String timeUnixNano,
      long count,
      double errorRate,
      Double p50Ms,
      Double p95Ms,
      Double p99Ms) {}

  /** One region: over the range and per step. */
  public record Region(
      String region,
      long count,
      double errorRate,
      Double p50Ms,
      Double p95Ms,
      Double p99Ms,
      List<Stats> series) {}

  /** The response. */
  public record Result(
      String service,
      String operation,
      String from,
      String to,
      String stepNanos,
      double errorBoundPercent,
      List<Region> regions) {}

  public Result query(
      String tenant, String service, String operation, Params.TimeRange range, Duration step) {
    if (step.toSeconds() < 60
        || step.toSeconds() % 60 != 0
        || step.toNanos() % 1_000_000_000L != 0) {
      throw Params.bad("step", "must be a whole number of minutes (the rollups are per minute)");
    }
    long fromS = Math.floorDiv(range.fromNanos(), 1_000_000_000L);
    long toS = Math.floorDiv(range.toNanos() - 1, 1_000_000_000L) + 1;
    if ((toS - fromS) / step.toSeconds() > MAX_POINTS) {
      throw Params.bad("step", "gives more than " + MAX_POINTS + " points for the range");
    }
    Map<String, Object> p = new HashMap<>();
    p.put("tenant", tenant);
    p.put("service", service);
    p.put("fromS", fromS);
    p.put("toS", toS);
    p.put("step", step.toSeconds());
    String op = "";
    if (operation != null) {
      op = " AND Operation = {operation:String}";
      p.put("operation", operation);
    }
    String bucket =
        "toUnixTimestamp(Minute) - (toUnixTimestamp(Minute) - {fromS:Int64}) % {step:Int64}";
    List<GenericRecord> rows = client.queryAll(String.format(SELECT, bucket, op), p);
    Map<String, List<GenericRecord>> byRegion = new LinkedHashMap<>();
    for (GenericRecord r : rows) {
      byRegion.computeIfAbsent(r.getString("Region"), k -> new ArrayList<>()).add(r);
    }
    List<Region> regions = new ArrayList<>();
    byRegion.forEach(
        (region, steps) -> {
          long[] total = new long[LatencyBuckets.COUNT];
          long n = 0;
          long e = 0;
          List<Stats> series = new ArrayList<>();
          for (GenericRecord r : steps) {
            long[] b = buckets(r.getList("B"));
            for (int i = 0; i < Math.min(b.length, total.length); i++) {
              total[i] += b[i];
            }
            n += r.getLong("N");
            e += r.getLong("E");
            series.add(stats(r.getLong("T") * 1_000_000_000L, r.getLong("N"), r.getLong("E"), b));
          }
          Stats all = stats(range.fromNanos(), n, e, total);
          regions.add(
              new Region(
                  region, n, all.errorRate(), all.p50Ms(), all.p95Ms(), all.p99Ms(), series));
        });
    return new Result(
        service,
        operation,
        Long.toString(range.fromNanos()),
        Long.toString(range.toNanos()),
        Long.toString(step.toNanos()),
        LatencyPercentiles.ERROR_BOUND_PERCENT,
        regions);
  }

  private static Stats stats(long timeNanos, long n, long errors, long[] buckets) {
    return new Stats(
        Long.toString(timeNanos),
        n,
        n == 0 ? 0 : (double) errors / n,
        LatencyPercentiles.quantileMillis(buckets, 0.50),
        LatencyPercentiles.quantileMillis(buckets, 0.95),
        LatencyPercentiles.quantileMillis(buckets, 0.99));
  }

  private static long[] buckets(List<?> values) {
    long[] out = new long[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) values.get(i)).longValue();
    }
    return out;
  }
}
