package io.obsera.query.services;

import com.clickhouse.client.api.Client;
import com.clickhouse.client.api.query.GenericRecord;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.obsera.model.control.EndpointDefinition;
import io.obsera.query.alerts.AlertSearch;
import io.obsera.query.api.ApiException;
import io.obsera.query.api.DeepLinks;
import io.obsera.query.api.Params;
import io.obsera.query.latency.RedFigures;
import io.obsera.query.latency.RegionalLatency;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * The services of a tenant and one service in detail, from the RED rollups ({@code red_minute}):
 * request rate, error rate and p50/p95/p99 over a range and per step, by region and (for one
 * service) by operation; a service's monitored endpoints and its alerts in the range.
 */
public final class ServiceCatalog {
  /** Steps a default {@code step} aims at (a sparkline's points). */
  static final int DEFAULT_POINTS = 30;

  /** At most this many alerts in a service's detail (newest first). */
  static final int MAX_ALERTS = 50;

  private static final String SELECT =
      "SELECT %s AS K, Region, %s AS T, sum(Count) AS N, sum(Errors) AS E,"
          + " sumForEach(LatencyBuckets) AS B FROM red_minute"
          + " WHERE TenantId = {tenant:String}%s"
          + " AND Minute >= toDateTime({fromS:Int64}) AND Minute < toDateTime({toS:Int64})"
          + " GROUP BY K, Region, T ORDER BY K, Region, T";

  private static final String BUCKET =
      "toUnixTimestamp(Minute) - (toUnixTimestamp(Minute) - {fromS:Int64}) % {step:Int64}";

  private static final String EXISTS =
      "SELECT count() AS C FROM (SELECT 1 FROM red_minute WHERE TenantId = {tenant:String}"
          + " AND ServiceName = {service:String} LIMIT 1)";

  private final Client client;
  private final AlertSearch alerts;
  private final BiFunction<String, String, List<EndpointDefinition>> endpointsOfService;

  /**
   * @param endpointsOfService the monitored endpoints of (tenant, service)
   */
  public ServiceCatalog(
      Client client,
      AlertSearch alerts,
      BiFunction<String, String, List<EndpointDefinition>> endpointsOfService) {
    this.client = client;
    this.alerts = alerts;
    this.endpointsOfService = endpointsOfService;
  }

  /** One service in the list: its figures over the range (flattened), by region, and links. */
  public record Service(
      @JsonUnwrapped ServiceFigures.Group figures,
      List<ServiceFigures.Group> regions,
      Map<String, String> links) {}

  /** {@code GET /api/v1/services}. */
  public record Services(
      String from, String to, String stepNanos, double errorBoundPercent, List<Service> services) {}

  /** A monitored endpoint of the service. */
  public record Endpoint(String id, String name, String url, List<String> regions) {}

  /** {@code GET /api/v1/services/{name}}. */
  public record Detail(
      @JsonUnwrapped ServiceFigures.Group figures,
      String from,
      String to,
      String stepNanos,
      double errorBoundPercent,
      List<ServiceFigures.Group> regions,
      List<ServiceFigures.Group> operations,
      List<Endpoint> endpoints,
      List<AlertSearch.Alert> alerts,
      Map<String, String> links) {}

  public Services list(String tenant, Params.TimeRange range, Duration step) {
    Window w = window(range, step);
    Map<String, Object> p = w.params(tenant);
    List<GenericRecord> rows = client.queryAll(String.format(SELECT, "ServiceName", BUCKET, ""), p);
    Map<String, Sums> byService = new TreeMap<>();
    for (GenericRecord r : rows) {
      byService.computeIfAbsent(r.getString("K"), k -> new Sums()).add(r, r.getString("Region"));
    }
    List<Service> services = new ArrayList<>();
    byService.forEach(
        (name, sums) ->
            services.add(
                new Service(
                    sums.total.group(name, w.seconds(), w.stepS),
                    groups(sums.byRegion, w),
                    links(name, range))));
    return new Services(
        range.from64(), range.to64(), w.stepNanos(), RedFigures.ERROR_BOUND_PERCENT, services);
  }

  public Detail detail(String tenant, String service, Params.TimeRange range, Duration step) {
    Window w = window(range, step);
    Map<String, Object> p = w.params(tenant);
    p.put("service", service);
    List<GenericRecord> rows =
        client.queryAll(
            String.format(SELECT, "Operation", BUCKET, " AND ServiceName = {service:String}"), p);
    if (rows.isEmpty() && !exists(tenant, service)) {
      throw ApiException.notFound("no service named '" + service + "' has sent spans");
    }
    Sums all = new Sums();
    Map<String, ServiceFigures> byOperation = new TreeMap<>();
    for (GenericRecord r : rows) {
      all.add(r, r.getString("Region"));
      add(byOperation, r.getString("K"), r);
    }
    List<Endpoint> endpoints =
        endpointsOfService.apply(tenant, service).stream()
            .map(e -> new Endpoint(e.id(), e.name(), e.url(), e.regions()))
            .toList();
    List<AlertSearch.Alert> recent =
        alerts
            .search(tenant, new AlertSearch.Query(null, null, service, range, MAX_ALERTS, null))
            .alerts();
    return new Detail(
        all.total.group(service, w.seconds(), w.stepS),
        range.from64(),
        range.to64(),
        w.stepNanos(),
        RedFigures.ERROR_BOUND_PERCENT,
        groups(all.byRegion, w),
        groups(byOperation, w),
        endpoints,
        recent,
        links(service, range));
  }

  private boolean exists(String tenant, String service) {
    Map<String, Object> p = new HashMap<>();
    p.put("tenant", tenant);
    p.put("service", service);
    return client.queryAll(EXISTS, p).get(0).getLong("C") > 0;
  }

  static Map<String, String> links(String service, Params.TimeRange range) {
    Map<String, String> links = new LinkedHashMap<>();
    links.put("service", DeepLinks.service(service));
    links.put("traces", DeepLinks.serviceTraces(service, range.fromNanos(), range.toNanos()));
    links.put("logs", DeepLinks.serviceLogs(service, range.fromNanos(), range.toNanos()));
    links.put("timeline", DeepLinks.serviceTimeline(service, range.fromNanos(), range.toNanos()));
    return links;
  }

  private static List<ServiceFigures.Group> groups(Map<String, ServiceFigures> byName, Window w) {
    List<ServiceFigures.Group> out = new ArrayList<>(byName.size());
    byName.forEach((name, f) -> out.add(f.group(name, w.seconds(), w.stepS)));
    return out;
  }

  private static void add(Map<String, ServiceFigures> into, String key, GenericRecord r) {
    into.computeIfAbsent(key, k -> new ServiceFigures())
        .add(r.getLong("T"), r.getLong("N"), r.getLong("E"), r.getList("B"));
  }

  /** A group's figures overall and by region. */
  private static final class Sums {
    final ServiceFigures total = new ServiceFigures();
    final Map<String, ServiceFigures> byRegion = new TreeMap<>();

    void add(GenericRecord r, String region) {
      total.add(r.getLong("T"), r.getLong("N"), r.getLong("E"), r.getList("B"));
      ServiceCatalog.add(byRegion, region, r);
    }
  }

  /** The range in whole seconds and the step. */
  record Window(long fromS, long toS, long stepS) {
    double seconds() {
      return toS - fromS;
    }

    String stepNanos() {
      return Long.toString(stepS * 1_000_000_000L);
    }

    Map<String, Object> params(String tenant) {
      Map<String, Object> p = new HashMap<>();
      p.put("tenant", tenant);
      p.put("fromS", fromS);
      p.put("toS", toS);
      p.put("step", stepS);
      return p;
    }
  }

  /**
   * The range in whole seconds and the step: given (whole minutes, as the rollups are per minute)
   * or, when null, whole minutes giving about {@link #DEFAULT_POINTS} points.
   */
  static Window window(Params.TimeRange range, Duration step) {
    long fromS = Math.floorDiv(range.fromNanos(), 1_000_000_000L);
    long toS = Math.floorDiv(range.toNanos() - 1, 1_000_000_000L) + 1;
    long stepS;
    if (step == null) {
      long minutes = Math.max(1, (toS - fromS + DEFAULT_POINTS * 60L - 1) / (DEFAULT_POINTS * 60L));
      stepS = minutes * 60;
    } else {
      if (step.toSeconds() < 60
          || step.toSeconds() % 60 != 0
          || step.toNanos() % 1_000_000_000L != 0) {
        throw Params.bad("step", "must be a whole number of minutes (the rollups are per minute)");
      }
      stepS = step.toSeconds();
    }
    if ((toS - fromS) / stepS > RegionalLatency.MAX_POINTS) {
      throw Params.bad(
          "step", "gives more than " + RegionalLatency.MAX_POINTS + " points for the range");
    }
    return new Window(fromS, toS, stepS);
  }
}
