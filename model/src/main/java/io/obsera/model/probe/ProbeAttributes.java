package io.obsera.model.probe;

/**
 * The OTLP contract between probe agents and the pipeline. Each check is reported as one span and
 * metric points, in a resource carrying {@link #TENANT}, {@link #REGION}, {@link #AGENT} and {@code
 * service.name} = {@link #SERVICE_NAME}.
 *
 * <p>The span: name = the endpoint id (so {@code /latency/regions?service=obsera-probe&operation=
 * <endpointId>} gives check latency by region), kind CLIENT, start and end of the check, status
 * ERROR when the outcome is DOWN; attributes {@link #ENDPOINT_ID}, {@link #OUTCOME}, {@code
 * url.full}, {@code http.request.method}, {@code http.response.status_code} (absent when no
 * response), {@link #ERROR}, the timings {@link #DNS_MS} ... {@link #TOTAL_MS} (doubles, absent
 * when the phase did not happen), {@link #BODY_MATCHED} (when a body match is configured), {@link
 * #CERT_EXPIRES_AT} (epoch seconds, https only).
 *
 * <p>The metrics (gauges, one point per check, attributes {@link #ENDPOINT_ID}): {@link #METRIC_UP}
 * (1 up or degraded, 0 down) and {@link #METRIC_DURATION} (total milliseconds).
 *
 * <p>The ingest bridge files such a request under the tenant named by {@link #TENANT} (which must
 * exist) only when sent with a key with the PROBE scope; a key of any other scope cannot set {@link
 * #TENANT}. A PROBE key sends nothing else: {@link #REGION} must be one of the key's regions, each
 * span and gauge point a check (by {@link #ENDPOINT_ID}) of an endpoint of that tenant probed from
 * that region.
 */
public final class ProbeAttributes {
  public static final String SERVICE_NAME = "obsera-probe";

  /** Resource: the tenant owning the probed endpoint. */
  public static final String TENANT = "obsera.tenant";

  /** Resource: the region the agent probes from (also used by RED rollups as the region). */
  public static final String REGION = "obsera.probe.region";

  /** Resource: the agent's instance name. */
  public static final String AGENT = "obsera.probe.agent";

  public static final String ENDPOINT_ID = "obsera.probe.endpoint_id";

  /** {@link CheckOutcome} name. */
  public static final String OUTCOME = "obsera.probe.outcome";

  /** Why the check failed or degraded, human readable (e.g. "expected 200-299, got 503"). */
  public static final String ERROR = "obsera.probe.error";

  public static final String DNS_MS = "obsera.probe.dns_ms";
  public static final String CONNECT_MS = "obsera.probe.connect_ms";
  public static final String TLS_MS = "obsera.probe.tls_ms";
  public static final String TTFB_MS = "obsera.probe.ttfb_ms";
  public static final String TOTAL_MS = "obsera.probe.total_ms";
  public static final String BODY_MATCHED = "obsera.probe.body_matched";
  public static final String CERT_EXPIRES_AT = "obsera.probe.cert_expires_at";

  public static final String METRIC_UP = "obsera.probe.up";
  public static final String METRIC_DURATION = "obsera.probe.duration";

  private ProbeAttributes() {}
}
