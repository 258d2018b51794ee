package io.obsera.query.alerts;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import io.obsera.query.api.Cursor;
import io.obsera.query.api.DeepLinks;
import io.obsera.query.api.Paging;
import io.obsera.query.api.Params;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Alerts from {@code alerts}: one per alert instance (fingerprint and start), in its latest state
 * (the event with the highest sequence; replayed events collapse), newest start first, paginated by
 * (start, fingerprint hash). An alert is in a range when it fired before the range's end and had
 * not resolved before its start. Filters apply to the latest state.
 */
public final class AlertSearch {
  /**
   * Latest state per (fingerprint, start). Nullable columns go through tuples: argMax skips NULL
   * arguments, and a RESOLVED event's NULL value must win over the FIRING one's.
   */
  private static final String LATEST =
      "SELECT Fingerprint, S, K, Seq, Rule, AlertName, Src, Sev, St, L, Svc, Summ, VTE.1 AS V,"
          + " VTE.2 AS Th, VTE.3 AS E, U FROM (SELECT Fingerprint, toUnixTimestamp64Nano(StartsAt) AS S,"
          + " lower(hex(cityHash64(Fingerprint))) AS K, max(Sequence) AS Seq,"
          + " argMax(RuleId, Sequence) AS Rule, argMax(Name, Sequence) AS AlertName,"
          + " toString(argMax(Source, Sequence)) AS Src, toString(argMax(Severity, Sequence)) AS Sev,"
          + " toString(argMax(State, Sequence)) AS St, argMax(Labels, Sequence) AS L,"
          + " argMax(Service, Sequence) AS Svc, argMax(Summary, Sequence) AS Summ,"
          + " argMax(tuple(Value, Threshold, toUnixTimestamp64Nano(EndsAt)), Sequence) AS VTE,"
          + " toUnixTimestamp64Nano(max(EventTime)) AS U"
          + " FROM alerts WHERE TenantId = {tenant:String} AND StartsAt < {to:DateTime64(9)}"
          + " GROUP BY Fingerprint, StartsAt)"
          + " WHERE (isNull(VTE.3) OR VTE.3 >= {fromNs:Int64})"
          + " AND (S, K) < ({cS:Int64}, {cK:String})%s"
          + " ORDER BY S DESC, K DESC LIMIT {limit:UInt32}";

  private final Client client;

  public AlertSearch(Client client) {
    this.client = client;
  }

  /** What to look for; null filters match everything. */
  public record Query(
      String state,
      String severity,
      String service,
      Params.TimeRange range,
      int limit,
      Cursor cursor) {}

  /** One alert in its latest state; {@code endsAt} null while firing. */
  public record Alert(
      String fingerprint,
      String ruleId,
      String name,
      String source,
      String severity,
      String state,
      long sequence,
      Map<String, String> labels,
      String service,
      String summary,
      Double value,
      Double threshold,
      Instant startsAt,
      Instant endsAt,
      Instant updatedAt,
      Map<String, String> links) {}

  /** A page; {@code nextCursor} is null on the last page. */
  public record Page(List<Alert> alerts, String nextCursor) {}

  public Page search(String tenant, Query q) {
    Map<String, Object> p = new HashMap<>();
    p.put("tenant", tenant);
    p.put("fromNs", q.range().fromNanos());
    p.put("to", q.range().to64());
    p.put("limit", Paging.rowsToRead(q.limit()));
    p.put("cS", q.cursor() == null ? Long.MAX_VALUE : q.cursor().nanos());
    p.put("cK", q.cursor() == null ? "" : q.cursor().key());
    StringBuilder filters = new StringBuilder();
    if (q.state() != null) {
      filters.append(" AND St = {state:String}");
      p.put("state", q.state());
    }
    if (q.severity() != null) {
      filters.append(" AND Sev = {severity:String}");
      p.put("severity", q.severity());
    }
    if (q.service() != null) {
      filters.append(" AND Svc = {service:String}");
      p.put("service", q.service());
    }
    List<GenericRecord> rows = client.queryAll(String.format(LATEST, filters), p);
    Paging.Slice<Alert> page =
        Paging.slice(
            rows, q.limit(), AlertSearch::alert, r -> new Cursor(r.getLong("S"), r.getString("K")));
    return new Page(page.items(), page.nextCursor());
  }

  private static Alert alert(GenericRecord r) {
    Map<String, String> labels = new LinkedHashMap<>();
    ((Map<?, ?>) r.getObject("L")).forEach((k, v) -> labels.put(k.toString(), v.toString()));
    String service = r.getString("Svc");
    long startNanos = r.getLong("S");
    Map<String, String> links = new LinkedHashMap<>();
    if (!service.isEmpty()) {
      // The service's timeline from 30 minutes before the alert fired.
      links.put(
          "timeline",
          "/api/v1/timeline?service="
              + DeepLinks.encode(service)
              + "&from="
              + (startNanos - 1_800_000_000_000L));
    }
    if (labels.containsKey("slo")) {
      links.put("slo", "/api/v1/slos/" + DeepLinks.encode(labels.get("slo")));
      links.put("budget", "/api/v1/slos/" + DeepLinks.encode(labels.get("slo")) + "/budget");
    }
    if (r.getString("Src").equals("OUTAGE")) {
      links.put("outages", DeepLinks.endpointOutages(r.getString("Rule")));
    }
    return new Alert(
        r.getString("Fingerprint"),
        r.getString("Rule"),
        r.getString("AlertName"),
        r.getString("Src"),
        r.getString("Sev"),
        r.getString("St"),
        r.getLong("Seq"),
        labels,
        service,
        r.getString("Summ"),
        r.getObject("V") == null ? null : r.getDouble("V"),
        r.getObject("Th") == null ? null : r.getDouble("Th"),
        instant(startNanos),
        r.getObject("E") == null ? null : instant(r.getLong("E")),
        instant(r.getLong("U")),
        links);
  }

  static Instant instant(long nanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }

  /** A filter value in the table's spelling: {@code firing} to {@code FIRING}; 400 otherwise. */
  static String choice(String name, String raw, List<String> allowed) {
    if (raw == null) {
      return null;
    }
    String v = raw.toUpperCase(Locale.ROOT);
    if (!allowed.contains(v)) {
      throw Params.bad(
          name,
          "must be one of "
              + String.join(", ", allowed).toLowerCase(Locale.ROOT)
              + ", got '"
              + raw
              + "'");
    }
    return v;
  }
}
