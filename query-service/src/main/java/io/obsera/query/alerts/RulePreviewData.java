package io.obsera.query.alerts;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import io.obsera.model.control.AlertRule;
import io.obsera.query.api.SqlTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The history a rule preview reads, per group of the rule's {@code groupBy} and slice, with the
 * alert worker's dimensions: {@code red_minute} for span signals (service, operation, region; no
 * other attributes, as in the worker), {@code otel_metrics_gauge} and {@code otel_metrics_sum} for
 * METRIC ({@code service} the resource's {@code service.name}, {@code region} its {@code
 * obsera.probe.region} or {@code cloud.region} else {@code unknown}, other keys the point's
 * attributes, then the resource's), {@code slo_burn_rates} for burn rates. Every query is bound to
 * the tenant; user input goes in as {@code {name:Type}} parameters only.
 */
final class RulePreviewData {
  /** One slice of one group: RED minute sums, or metric points (count, sum, min, max, latest). */
  record Slice(
      Map<String, String> group,
      long startMs,
      long count,
      long errors,
      long[] buckets,
      double sum,
      double min,
      double max,
      long lastMs,
      double last) {}

  /** The burn rates of one emission per step. */
  record Burn(long timeMs, Map<String, Double> rates) {}

  static final List<String> BURN_WINDOWS = List.of("5m", "30m", "1h", "2h", "6h", "1d", "3d");

  private final Client client;

  RulePreviewData(Client client) {
    this.client = client;
  }

  /**
   * RED minutes of the rule's service in {@code [fromMs, toMs)}, one slice per group and minute.
   */
  List<Slice> red(AlertRule rule, long fromMs, long toMs) {
    Map<String, Object> p = new HashMap<>();
    p.put("tenant", rule.tenantId());
    p.put("service", rule.service());
    p.put("fromS", Math.floorDiv(fromMs, 1000));
    p.put("toS", Math.floorDiv(toMs + 999, 1000));
    StringBuilder where = new StringBuilder();
    if (rule.operation() != null) {
      where.append(" AND Operation = {operation:String}");
      p.put("operation", rule.operation());
    }
    if (rule.region() != null) {
      where.append(" AND Region = {region:String}");
      p.put("region", rule.region());
    }
    List<String> keys = groupBy(rule);
    StringBuilder cols = new StringBuilder();
    for (int i = 0; i < keys.size(); i++) {
      String column =
          switch (keys.get(i)) {
            case "service" -> "ServiceName";
            case "operation" -> "Operation";
            case "region" -> "Region";
            default -> "''"; // RED rollups carry no other attributes
          };
      cols.append("toString(").append(column).append(") AS g").append(i).append(", ");
    }
    String sql =
        "SELECT "
            + cols
            + "toUnixTimestamp(Minute) * 1000 AS S, sum(Count) AS C, sum(Errors) AS E,"
            + " sumForEach(LatencyBuckets) AS B FROM red_minute"
            + " WHERE TenantId = {tenant:String} AND ServiceName = {service:String}"
            + where
            + " AND Minute >= toDateTime({fromS:Int64}) AND Minute < toDateTime({toS:Int64})"
            + " GROUP BY "
            + groupList(keys.size())
            + "S ORDER BY S";
    List<Slice> out = new ArrayList<>();
    for (GenericRecord r : client.queryAll(sql, p)) {
      long count = r.getLong("C");
      out.add(
          new Slice(
              group(keys, r),
              r.getLong("S"),
              count,
              r.getLong("E"),
              longs(r.getList("B")),
              0,
              0,
              0,
              r.getLong("S") + 60_000,
              0));
    }
    return out;
  }

  /**
   * Gauge and sum points of the rule's metric with times in {@code [fromMs, toMs)}, one slice per
   * group and {@code sliceMs} (slices start at multiples of it, as in the worker).
   */
  List<Slice> metric(AlertRule rule, long fromMs, long toMs, long sliceMs) {
    Map<String, Object> p = new HashMap<>();
    p.put("tenant", rule.tenantId());
    p.put("metric", rule.metric());
    p.put("from", SqlTime.dateTime64(fromMs * 1_000_000));
    p.put("to", SqlTime.dateTime64(toMs * 1_000_000));
    p.put("slice", sliceMs);
    String region =
        "multiIf(ResourceAttributes['obsera.probe.region'] != '',"
            + " ResourceAttributes['obsera.probe.region'], ResourceAttributes['cloud.region'] != '',"
            + " ResourceAttributes['cloud.region'], 'unknown')";
    StringBuilder where = new StringBuilder();
    if (rule.service() != null) {
      where.append(" AND ResourceAttributes['service.name'] = {service:String}");
      p.put("service", rule.service());
    }
    if (rule.operation() != null) {
      where.append(" AND Attributes['operation'] = {operation:String}");
      p.put("operation", rule.operation());
    }
    if (rule.region() != null) {
      where.append(" AND ").append(region).append(" = {region:String}");
      p.put("region", rule.region());
    }
    if (rule.attributes() != null) {
      int i = 0;
      for (Map.Entry<String, String> e : rule.attributes().entrySet()) {
        where
            .append(" AND ")
            .append(dimension(e.getKey(), "ak" + i, region))
            .append(" = {av")
            .append(i)
            .append(":String}");
        p.put("ak" + i, e.getKey());
        p.put("av" + i, e.getValue());
        i++;
      }
    }
    List<String> keys = groupBy(rule);
    StringBuilder cols = new StringBuilder();
    for (int i = 0; i < keys.size(); i++) {
      cols.append(dimension(keys.get(i), "gk" + i, region)).append(" AS g").append(i).append(", ");
      p.put("gk" + i, keys.get(i));
    }
    String points =
        "SELECT "
            + cols
            + "toUnixTimestamp64Milli(TimeUnix) AS T, Value FROM %s"
            + " WHERE TenantId = {tenant:String} AND MetricName = {metric:String}"
            + " AND TimeUnix >= {from:DateTime64(9)} AND TimeUnix < {to:DateTime64(9)}"
            + where;
    String sql =
        "SELECT "
            + groupList(keys.size())
            + "intDiv(T, {slice:Int64}) * {slice:Int64} AS S, count() AS C, sum(Value) AS V,"
            + " min(Value) AS MN, max(Value) AS MX, max(T) AS LT, argMax(Value, T) AS LV FROM ("
            + String.format(points, "otel_metrics_gauge")
            + " UNION ALL "
            + String.format(points, "otel_metrics_sum")
            + ") GROUP BY "
            + groupList(keys.size())
            + "S ORDER BY S";
    List<Slice> out = new ArrayList<>();
    for (GenericRecord r : client.queryAll(sql, p)) {
      out.add(
          new Slice(
              group(keys, r),
              r.getLong("S"),
              r.getLong("C"),
              0,
              null,
              r.getDouble("V"),
              r.getDouble("MN"),
              r.getDouble("MX"),
              r.getLong("LT"),
              r.getDouble("LV")));
    }
    return out;
  }

  /** The last burn-rate emission of the SLO per {@code stepMs} of {@code [fromMs, toMs)}. */
  List<Burn> burnRates(String tenant, String sloId, long fromMs, long toMs, long stepMs) {
    Map<String, Object> p = new HashMap<>();
    p.put("tenant", tenant);
    p.put("slo", sloId);
    p.put("from", SqlTime.dateTime64(fromMs * 1_000_000));
    p.put("to", SqlTime.dateTime64(toMs * 1_000_000));
    p.put("step", stepMs);
    StringBuilder cols = new StringBuilder();
    for (String w : BURN_WINDOWS) {
      cols.append(", argMax(Burn").append(w).append(", Time) AS b").append(w);
    }
    String sql =
        "SELECT intDiv(toUnixTimestamp64Milli(Time), {step:Int64}) AS K,"
            + " toUnixTimestamp64Milli(max(Time)) AS T"
            + cols
            + " FROM slo_burn_rates WHERE TenantId = {tenant:String} AND SloId = {slo:String}"
            + " AND Time >= {from:DateTime64(9)} AND Time < {to:DateTime64(9)}"
            + " GROUP BY K ORDER BY K";
    List<Burn> out = new ArrayList<>();
    for (GenericRecord r : client.queryAll(sql, p)) {
      Map<String, Double> rates = new HashMap<>();
      BURN_WINDOWS.forEach(w -> rates.put(w, r.getDouble("b" + w)));
      out.add(new Burn(r.getLong("T"), rates));
    }
    return out;
  }

  /** A metric dimension: service and region as the worker derives them, else attribute keys. */
  private static String dimension(String key, String param, String region) {
    return switch (key) {
      case "service" -> "ResourceAttributes['service.name']";
      case "region" -> region;
      default ->
          "if(mapContains(Attributes, {"
              + param
              + ":String}), Attributes[{"
              + param
              + ":String}], ResourceAttributes[{"
              + param
              + ":String}])";
    };
  }

  private static List<String> groupBy(AlertRule rule) {
    return rule.groupBy() == null ? List.of() : rule.groupBy();
  }

  private static String groupList(int n) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < n; i++) {
      s.append('g').append(i).append(", ");
    }
    return s.toString();
  }

  private static Map<String, String> group(List<String> keys, GenericRecord r) {
    Map<String, String> g = new LinkedHashMap<>();
    for (int i = 0; i < keys.size(); i++) {
      g.put(keys.get(i), r.getString("g" + i));
    }
    return g;
  }

  private static long[] longs(List<?> values) {
    long[] out = new long[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) values.get(i)).longValue();
    }
    return out;
  }
}
