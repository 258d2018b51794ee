package io.obsera.query.metrics;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import io.obsera.query.api.ApiException;
import io.obsera.query.api.Params;
import io.obsera.query.api.SqlFilters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Metric time series: one aggregate per step and group. Gauges and sums aggregate their raw values
 * (avg, sum, min, max, count); {@code rate} and histogram figures use the increase of each series
 * per step ({@link Increments}): percentiles interpolate within the merged explicit buckets.
 */
public final class MetricQuery {
  /** At most this many steps. */
  public static final int MAX_POINTS = 11_000;

  /** The aggregations. */
  public enum Agg {
    AVG,
    SUM,
    MIN,
    MAX,
    COUNT,
    RATE,
    P50,
    P95,
    P99;

    public static Agg parse(String raw) {
      try {
        return valueOf(raw.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw Params.bad(
            "agg", "must be avg, sum, min, max, count, rate, p50, p95 or p99, got '" + raw + "'");
      }
    }

    double quantile() {
      return switch (this) {
        case P50 -> 0.5;
        case P95 -> 0.95;
        default -> 0.99;
      };
    }
  }

  /** The request. */
  public record Query(
      String name,
      String service,
      Map<String, String> attributes,
      Agg agg,
      Duration step,
      List<String> groupBy,
      Params.TimeRange range) {
    public Query {
      attributes = Map.copyOf(attributes);
      groupBy = List.copyOf(groupBy);
      if (groupBy.size() > 8) {
        throw Params.bad("groupBy", "at most 8 keys");
      }
      if ((range.toNanos() - range.fromNanos()) / step.toNanos() > MAX_POINTS) {
        throw Params.bad("step", "gives more than " + MAX_POINTS + " points for the range");
      }
    }
  }

  /** A point; value null when the step has no data for it. */
  public record Point(String timeUnixNano, Double value) {}

  /** One group's series. */
  public record Series(Map<String, String> labels, List<Point> points) {}

  /** The response. */
  public record Result(
      String name, String type, String agg, String stepNanos, List<Series> series) {}

  private final Client client;
  private final MetricCatalog catalog;

  public MetricQuery(Client client, MetricCatalog catalog) {
    this.client = client;
    this.catalog = catalog;
  }

  public Result query(String tenant, Query q) {
    MetricType type =
        catalog
            .type(tenant, q.name(), q.range())
            .orElseThrow(() -> ApiException.notFound("no metric '" + q.name() + "' in the range"));
    Agg agg = q.agg() != null ? q.agg() : defaultAgg(type);
    Map<String, Object> p = new LinkedHashMap<>();
    String where = where(tenant, q, p);
    StringBuilder groups = new StringBuilder();
    for (int i = 0; i < q.groupBy().size(); i++) {
      String key = q.groupBy().get(i);
      if (key.equals("service.name")) {
        groups.append("ServiceName AS G").append(i).append(", ");
      } else {
        groups.append("Attributes[{g").append(i).append(":String}] AS G").append(i).append(", ");
        p.put("g" + i, key);
      }
    }
    String byGroups = groups.toString().replaceAll(" AS G[0-9]+", "");
    String time =
        "{fromNs:Int64} + intDiv(toUnixTimestamp64Nano(TimeUnix) - {fromNs:Int64},"
            + " {stepNs:Int64}) * {stepNs:Int64} AS T";
    p.put("fromNs", q.range().fromNanos());
    p.put("stepNs", q.step().toNanos());
    String raw = rawColumn(type, agg);
    Map<List<String>, TreeMap<Long, Double>> values;
    if (raw != null) {
      String fn =
          agg == Agg.COUNT ? "toFloat64(count())" : agg.name().toLowerCase() + "(" + raw + ")";
      String sql =
          "SELECT "
              + groups
              + time
              + ", "
              + fn
              + " AS V FROM "
              + type.table()
              + " WHERE "
              + where
              + " GROUP BY "
              + byGroups
              + "T ORDER BY T";
      values = new LinkedHashMap<>();
      for (GenericRecord r : client.queryAll(sql, p)) {
        values
            .computeIfAbsent(labels(r, q.groupBy().size()), k -> new TreeMap<>())
            .put(r.getLong("T"), r.getDouble("V"));
      }
    } else {
      values = increments(type, agg, q, p, where, groups.toString(), byGroups, time);
    }
    List<Series> series = new ArrayList<>();
    values.forEach(
        (labels, points) -> {
          Map<String, String> named = new LinkedHashMap<>();
          for (int i = 0; i < labels.size(); i++) {
            named.put(q.groupBy().get(i), labels.get(i));
          }
          List<Point> out = new ArrayList<>();
          points.forEach((t, v) -> out.add(new Point(Long.toString(t), v)));
          series.add(new Series(named, out));
        });
    return new Result(
        q.name(),
        type.jsonName(),
        agg.name().toLowerCase(),
        Long.toString(q.step().toNanos()),
        series);
  }

  private Map<List<String>, TreeMap<Long, Double>> increments(
      MetricType type,
      Agg agg,
      Query q,
      Map<String, Object> p,
      String where,
      String groups,
      String byGroups,
      String time) {
    String vector =
        switch (type) {
          case SUM -> "[Value]";
          case HISTOGRAM ->
              "arrayConcat([toFloat64(Count), Sum], arrayMap(x -> toFloat64(x), BucketCounts))";
          default -> "[toFloat64(Count), Sum]";
        };
    String temporality = type == MetricType.SUMMARY ? "2" : "any(AggregationTemporality)";
    String bounds = type == MetricType.HISTOGRAM ? "any(ExplicitBounds)" : "[]::Array(Float64)";
    p.put("from", q.range().from64());
    String sql =
        "SELECT "
            + groups
            + "toString(cityHash64(ServiceName, Attributes, ResourceAttributes))"
            + " AS S, "
            + time
            + ", argMax("
            + vector
            + ", TimeUnix) AS Last, argMin("
            + vector
            + ", TimeUnix) AS First, sumForEach("
            + vector
            + ") AS Total, "
            + temporality
            + " AS Temp, min(StartTimeUnix) >= {from:DateTime64(9)} AS Fresh, "
            + bounds
            + " AS Bounds FROM "
            + type.table()
            + " WHERE "
            + where
            + " GROUP BY "
            + byGroups
            + "S, T ORDER BY S, T";
    Increments inc = new Increments(agg, type, q.step());
    for (GenericRecord r : client.queryAll(sql, p)) {
      inc.add(
          labels(r, q.groupBy().size()),
          r.getString("S"),
          r.getLong("T"),
          Increments.doubles(r.getList("Last")),
          Increments.doubles(r.getList("First")),
          Increments.doubles(r.getList("Total")),
          r.getInteger("Temp") == MetricType.CUMULATIVE,
          r.getBoolean("Fresh"),
          Increments.doubles(r.getList("Bounds")));
    }
    return inc.values();
  }

  private static String where(String tenant, Query q, Map<String, Object> p) {
    p.put("tenant", tenant);
    p.put("name", q.name());
    p.put("from", q.range().from64());
    p.put("to", q.range().to64());
    StringBuilder w =
        new StringBuilder(
            "TenantId = {tenant:String} AND MetricName = {name:String}"
                + " AND TimeUnix >= {from:DateTime64(9)} AND TimeUnix < {to:DateTime64(9)}");
    if (q.service() != null) {
      w.append(" AND ServiceName = {service:String}");
      p.put("service", q.service());
    }
    SqlFilters.attributes(w, p, q.attributes(), "Attributes");
    return w.toString();
  }

  private static List<String> labels(GenericRecord r, int n) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(r.getString("G" + i));
    }
    return out;
  }

  private static Agg defaultAgg(MetricType type) {
    return switch (type) {
      case GAUGE -> Agg.AVG;
      case SUM -> Agg.RATE;
      case HISTOGRAM -> Agg.P95;
      default -> Agg.AVG;
    };
  }

  /** The raw-value column for aggregations over raw points; null when increments are needed. */
  private static String rawColumn(MetricType type, Agg agg) {
    boolean plain =
        agg == Agg.AVG || agg == Agg.SUM || agg == Agg.MIN || agg == Agg.MAX || agg == Agg.COUNT;
    switch (type) {
      case GAUGE, SUM -> {
        if (plain) {
          return "Value";
        }
        if (type == MetricType.GAUGE || agg != Agg.RATE) {
          throw Params.bad("agg", agg.name().toLowerCase() + " needs a histogram or sum metric");
        }
        return null;
      }
      case HISTOGRAM -> {
        return agg == Agg.MIN ? "Min" : agg == Agg.MAX ? "Max" : null;
      }
      default -> {
        if (agg == Agg.COUNT || agg == Agg.SUM || agg == Agg.AVG || agg == Agg.RATE) {
          return null;
        }
        throw Params.bad(
            "agg", agg.name().toLowerCase() + " is not supported for " + type.jsonName());
      }
    }
  }
}
