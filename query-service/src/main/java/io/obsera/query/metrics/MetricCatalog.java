package io.obsera.query.metrics;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import io.obsera.query.api.DeepLinks;
import io.obsera.query.api.Params;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Dynamic metric discovery: the metrics with points in a range, with type, unit, description,
 * services, and their attribute keys with the most frequent values.
 */
public final class MetricCatalog {
  /** Values listed per attribute key. */
  public static final int TOP_VALUES = 10;

  private static final String NAMES =
      "SELECT MetricName, any(MetricUnit) AS Unit, any(MetricDescription) AS Description,"
          + " arraySort(groupUniqArray(ServiceName)) AS Services, count() AS Points"
          + " FROM %s WHERE TenantId = {tenant:String}"
          + " AND TimeUnix >= {from:DateTime64(9)} AND TimeUnix < {to:DateTime64(9)}%s"
          + " GROUP BY MetricName ORDER BY MetricName LIMIT 10000";
  private static final String VALUES =
      "SELECT MetricName, K, V, count() AS C FROM %s"
          + " ARRAY JOIN mapKeys(Attributes) AS K, mapValues(Attributes) AS V"
          + " WHERE TenantId = {tenant:String}"
          + " AND TimeUnix >= {from:DateTime64(9)} AND TimeUnix < {to:DateTime64(9)}%s"
          + " GROUP BY MetricName, K, V ORDER BY MetricName, K, C DESC, V"
          + " LIMIT "
          + TOP_VALUES
          + " BY MetricName, K";

  private final Client client;

  public MetricCatalog(Client client) {
    this.client = client;
  }

  /** An attribute key with its most frequent values (most frequent first). */
  public record AttributeKey(String key, List<String> topValues) {}

  /** A metric. */
  public record MetricInfo(
      String name,
      String type,
      String unit,
      String description,
      List<String> services,
      long points,
      List<AttributeKey> attributes,
      String link) {}

  public List<MetricInfo> names(String tenant, Params.TimeRange range) {
    List<MetricInfo> out = new ArrayList<>();
    for (MetricType type : MetricType.all()) {
      out.addAll(names(tenant, range, type, null));
    }
    out.sort(java.util.Comparator.comparing(MetricInfo::name).thenComparing(MetricInfo::type));
    return out;
  }

  /** The type of a metric with points in the range (the first table holding it). */
  public Optional<MetricType> type(String tenant, String name, Params.TimeRange range) {
    for (MetricType type : MetricType.all()) {
      List<GenericRecord> rows =
          client.queryAll(
              "SELECT 1 FROM "
                  + type.table()
                  + " WHERE TenantId = {tenant:String} AND MetricName = {name:String}"
                  + " AND TimeUnix >= {from:DateTime64(9)} AND TimeUnix < {to:DateTime64(9)}"
                  + " LIMIT 1",
              params(tenant, range, name));
      if (!rows.isEmpty()) {
        return Optional.of(type);
      }
    }
    return Optional.empty();
  }

  private List<MetricInfo> names(
      String tenant, Params.TimeRange range, MetricType type, String name) {
    String filter = name == null ? "" : " AND MetricName = {name:String}";
    Map<String, Object> p = params(tenant, range, name);
    Map<String, Map<String, List<String>>> values = new LinkedHashMap<>();
    for (GenericRecord r : client.queryAll(String.format(VALUES, type.table(), filter), p)) {
      values
          .computeIfAbsent(r.getString("MetricName"), k -> new LinkedHashMap<>())
          .computeIfAbsent(r.getString("K"), k -> new ArrayList<>())
          .add(r.getString("V"));
    }
    List<MetricInfo> out = new ArrayList<>();
    for (GenericRecord r : client.queryAll(String.format(NAMES, type.table(), filter), p)) {
      String metric = r.getString("MetricName");
      List<AttributeKey> keys = new ArrayList<>();
      values.getOrDefault(metric, Map.of()).forEach((k, v) -> keys.add(new AttributeKey(k, v)));
      out.add(
          new MetricInfo(
              metric,
              type.jsonName(),
              r.getString("Unit"),
              r.getString("Description"),
              r.getList("Services"),
              r.getLong("Points"),
              keys,
              DeepLinks.metric(metric, null, range.fromNanos(), range.toNanos())));
    }
    return out;
  }

  private static Map<String, Object> params(String tenant, Params.TimeRange range, String name) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("tenant", tenant);
    p.put("from", range.from64());
    p.put("to", range.to64());
    if (name != null) {
      p.put("name", name);
    }
    return p;
  }
}
