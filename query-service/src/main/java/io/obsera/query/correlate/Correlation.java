package io.obsera.query.correlate;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import io.obsera.query.api.DeepLinks;
import io.obsera.query.api.Params;
import io.obsera.query.api.SqlArrays;
import io.obsera.query.logs.LogSearch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * From a metric and a window (a spike) to its likely causes: the traces behind the metric's
 * exemplars in the window (largest values first), then the slowest and the erroring traces of the
 * service in the window; the service's logs in the window, errors first. Each item says why it was
 * linked. Without {@code service}, the services of the metric's exemplars in the window are used.
 */
public final class Correlation {
  private static final String EXEMPLARS =
      "SELECT TraceId, any(ServiceName) AS Service, max(Value) AS V,"
          + " toString(toUnixTimestamp64Nano(min(TimeUnix))) AS TimeNs FROM exemplar_links"
          + " WHERE TenantId = {tenant:String} AND MetricName = {metric:String}"
          + " AND TimeUnix >= {from:DateTime64(9)} AND TimeUnix < {to:DateTime64(9)}%s"
          + " GROUP BY TraceId ORDER BY V DESC, TraceId LIMIT {limit:UInt32}";
  private static final String SPANS =
      "SELECT TraceId, any(ServiceName) AS Service, max(Duration) AS D,"
          + " countIf(StatusCode = 'Error') AS Errors,"
          + " toString(toUnixTimestamp64Nano(min(Timestamp))) AS TimeNs FROM otel_traces"
          + " WHERE TenantId = {tenant:String} AND ServiceName IN {services:Array(String)}"
          + " AND Timestamp >= {from:DateTime64(9)} AND Timestamp < {to:DateTime64(9)}%s"
          + " GROUP BY TraceId ORDER BY %s DESC, TraceId LIMIT {limit:UInt32}";

  private final Client client;

  public Correlation(Client client) {
    this.client = client;
  }

  /** A linked trace; {@code reasons} lists every reason, {@code reason} the first. */
  public record LinkedTrace(
      String traceId,
      String serviceName,
      String timeUnixNano,
      String reason,
      List<String> reasons,
      Map<String, String> links) {}

  /** A linked log record with the reason. */
  public record LinkedLog(String reason, LogSearch.LogHit log) {}

  /** The response. */
  public record Result(
      String metric,
      List<String> services,
      String from,
      String to,
      List<LinkedTrace> traces,
      List<LinkedLog> logs,
      Map<String, String> links) {}

  public Result correlate(
      String tenant, String metric, String service, Params.TimeRange range, int limit) {
    Map<String, Object> p = new HashMap<>();
    p.put("tenant", tenant);
    p.put("metric", metric);
    p.put("from", range.from64());
    p.put("to", range.to64());
    p.put("limit", limit);
    String byService = "";
    if (service != null) {
      p.put("service", service);
      byService = " AND ServiceName = {service:String}";
    }
    Map<String, LinkedTrace> traces = new LinkedHashMap<>();
    List<String> services = new ArrayList<>();
    if (service != null) {
      services.add(service);
    }
    for (GenericRecord r : client.queryAll(String.format(EXEMPLARS, byService), p)) {
      add(traces, r, "exemplar of " + metric + " (value " + r.getDouble("V") + ")");
      if (service == null && !services.contains(r.getString("Service"))) {
        services.add(r.getString("Service"));
      }
    }
    p.put("services", SqlArrays.strings(services));
    for (GenericRecord r : client.queryAll(String.format(SPANS, "", "D"), p)) {
      add(
          traces,
          r,
          "slowest trace of "
              + r.getString("Service")
              + " in the window ("
              + r.getLong("D") / 1_000_000
              + " ms)");
    }
    for (GenericRecord r :
        client.queryAll(String.format(SPANS, " AND StatusCode = 'Error'", "Errors"), p)) {
      add(traces, r, "erroring trace of " + r.getString("Service") + " in the window");
    }
    List<LinkedLog> logs = new ArrayList<>();
    Map<String, Object> lp = new HashMap<>();
    StringBuilder where = LogSearch.window(lp, tenant, range);
    lp.put("services", SqlArrays.strings(services));
    lp.put("limit", limit);
    for (GenericRecord r :
        client.queryAll(
            "SELECT "
                + LogSearch.COLUMNS
                + " FROM otel_logs WHERE "
                + where
                + " AND ServiceName IN {services:Array(String)}"
                + " ORDER BY SeverityNumber >= 17 DESC, SeverityNumber DESC, Timestamp DESC"
                + " LIMIT {limit:UInt32}",
            lp)) {
      LogSearch.LogHit hit = LogSearch.hit(r);
      String why =
          (hit.severityNumber() >= 17 ? "error log of " : "log of ")
              + hit.serviceName()
              + " in the window";
      logs.add(new LinkedLog(why, hit));
    }
    Map<String, String> links = new LinkedHashMap<>();
    links.put("metric", DeepLinks.metric(metric, service, range.fromNanos(), range.toNanos()));
    for (String s : services) {
      links.put("logs:" + s, DeepLinks.serviceLogs(s, range.fromNanos(), range.toNanos()));
    }
    List<LinkedTrace> linked = new ArrayList<>(traces.values());
    return new Result(
        metric,
        services,
        Long.toString(range.fromNanos()),
        Long.toString(range.toNanos()),
        linked.subList(0, Math.min(linked.size(), limit)),
        logs,
        links);
  }

  private static void add(Map<String, LinkedTrace> traces, GenericRecord r, String reason) {
    String id = r.getString("TraceId");
    LinkedTrace seen = traces.get(id);
    if (seen != null) {
      List<String> reasons = new ArrayList<>(seen.reasons());
      reasons.add(reason);
      traces.put(
          id,
          new LinkedTrace(
              id, seen.serviceName(), seen.timeUnixNano(), seen.reason(), reasons, seen.links()));
      return;
    }
    traces.put(
        id,
        new LinkedTrace(
            id,
            r.getString("Service"),
            r.getString("TimeNs"),
            reason,
            List.of(reason),
            Map.of("trace", DeepLinks.trace(id), "timeline", DeepLinks.traceTimeline(id))));
  }
}
