package io.obsera.query.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Relative URLs of related resources, so a UI or a person can click through. */
public final class DeepLinks {
  private static final String BASE = "/api/v1";

  private DeepLinks() {}

  public static String trace(String traceId) {
    return BASE + "/traces/" + traceId;
  }

  public static String traceLogs(String traceId) {
    return BASE + "/logs?traceId=" + traceId;
  }

  public static String traceTimeline(String traceId) {
    return BASE + "/timeline?traceId=" + traceId;
  }

  /** A service's RED figures, operations, endpoints and alerts. */
  public static String service(String service) {
    return BASE + "/services/" + enc(service);
  }

  public static String serviceTraces(String service, long fromNanos, long toNanos) {
    return BASE + "/traces?service=" + enc(service) + "&from=" + fromNanos + "&to=" + toNanos;
  }

  public static String serviceTimeline(String service, long fromNanos, long toNanos) {
    return BASE + "/timeline?service=" + enc(service) + "&from=" + fromNanos + "&to=" + toNanos;
  }

  public static String serviceLogs(String service, long fromNanos, long toNanos) {
    return BASE + "/logs?service=" + enc(service) + "&from=" + fromNanos + "&to=" + toNanos;
  }

  public static String metric(String name, String service, long fromNanos, long toNanos) {
    return BASE
        + "/metrics/query?name="
        + enc(name)
        + (service == null ? "" : "&service=" + enc(service))
        + "&from="
        + fromNanos
        + "&to="
        + toNanos;
  }

  public static String endpoint(String endpointId) {
    return BASE + "/endpoints/" + enc(endpointId);
  }

  /** The endpoint's outages (served by the outage API). */
  public static String endpointOutages(String endpointId) {
    return endpoint(endpointId) + "/outages";
  }

  /** The monthly SLA report, which has a section per endpoint (this month by default). */
  public static String endpointSla(String endpointId) {
    return BASE + "/sla";
  }

  /** Check latency by region: probe results are spans of service obsera-probe named by the id. */
  public static String endpointLatencyByRegion(String endpointId) {
    return BASE
        + "/latency/regions?service="
        + enc(io.obsera.model.probe.ProbeAttributes.SERVICE_NAME)
        + "&operation="
        + enc(endpointId);
  }

  /** A query-parameter value, URL-encoded. */
  public static String encode(String s) {
    return enc(s);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
