package io.obsera.model.control;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A monitored HTTP endpoint (the original product's {@code service_endpoints}), as kept in the
 * compacted topic {@code obsera.control.endpoints} (key {@link #key()}: {@code tenant|id}; a
 * tombstone deletes it). Probe agents of each listed region check it every {@code intervalMs}; the
 * topology opens an outage when at least {@code quorum} regions each failed {@code
 * failureThreshold} consecutive checks.
 *
 * <p>Like {@link SloDefinition}, the constructor accepts anything; {@link #withDefaults()} fills
 * the optional fields and {@link #validate()} names every problem. The SSRF rule (no loopback,
 * link-local or private targets unless allowlisted) is not checked here: it depends on DNS and on
 * the operator's allowlist, see {@code io.obsera.platform.net.TargetGuard}.
 *
 * @param service the component this endpoint belongs to (status pages and SLA reports group by it);
 *     defaults to {@code name}
 * @param expectedStatus accepted HTTP status codes: comma-separated codes and ranges, e.g. {@code
 *     200-299} (the default) or {@code 200,301-302}
 * @param bodyMatch when set, the response body must contain this text
 * @param quorum how many regions must fail for the endpoint to be down (default: 2, or 1 when only
 *     one region probes it)
 * @param failureThreshold consecutive failed checks before a region counts as failing (default 2)
 * @param degradedLatencyMs when set, a successful check slower than this is DEGRADED
 * @param certExpiryWarnDays a check of an https endpoint whose certificate expires within this many
 *     days is DEGRADED (default 14)
 * @param headers request headers in clear: a draft's, a probe agent's assignment, or a record
 *     written before header values were sealed
 * @param sealedHeaders request header values as stored, sealed like channel secrets (null or empty
 *     in older records); only the query service opens them, for the probe agents of the endpoint's
 *     regions
 */
public record EndpointDefinition(
    String tenantId,
    String id,
    String name,
    String service,
    String url,
    String method,
    Map<String, String> headers,
    String body,
    String expectedStatus,
    String bodyMatch,
    Long intervalMs,
    Long timeoutMs,
    List<String> regions,
    Integer quorum,
    Integer failureThreshold,
    Double degradedLatencyMs,
    Integer certExpiryWarnDays,
    List<MaintenanceWindow> maintenanceWindows,
    Boolean enabled,
    Instant createdAt,
    Instant updatedAt,
    String actor,
    Map<String, String> sealedHeaders) {

  public static final long DEFAULT_INTERVAL_MS = 30_000;
  public static final long MIN_INTERVAL_MS = 1_000;
  public static final long MAX_INTERVAL_MS = 3_600_000;
  public static final long DEFAULT_TIMEOUT_MS = 10_000;
  public static final String DEFAULT_EXPECTED_STATUS = "200-299";
  public static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  private static final Pattern REGION = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}");
  private static final Pattern STATUS_SPEC =
      Pattern.compile("\\d{3}(-\\d{3})?(\\s*,\\s*\\d{3}(-\\d{3})?)*");
  private static final int MAX_BODY = 64 * 1024;

  /** Settings without sealed headers (every header in clear in {@code headers}). */
  public EndpointDefinition(
      String tenantId,
      String id,
      String name,
      String service,
      String url,
      String method,
      Map<String, String> headers,
      String body,
      String expectedStatus,
      String bodyMatch,
      Long intervalMs,
      Long timeoutMs,
      List<String> regions,
      Integer quorum,
      Integer failureThreshold,
      Double degradedLatencyMs,
      Integer certExpiryWarnDays,
      List<MaintenanceWindow> maintenanceWindows,
      Boolean enabled,
      Instant createdAt,
      Instant updatedAt,
      String actor) {
    this(
        tenantId,
        id,
        name,
        service,
        url,
        method,
        headers,
        body,
        expectedStatus,
        bodyMatch,
        intervalMs,
        timeoutMs,
        regions,
        quorum,
        failureThreshold,
        degradedLatencyMs,
        certExpiryWarnDays,
        maintenanceWindows,
        enabled,
        createdAt,
        updatedAt,
        actor,
        null);
  }

  /** Whether {@code region} is a valid region name (as in {@code regions}). */
  public static boolean validRegion(String region) {
    return region != null && REGION.matcher(region).matches();
  }

  /** The Kafka key of an endpoint: {@code tenant|id}. */
  public static String key(String tenantId, String id) {
    return tenantId + "|" + id;
  }

  public String key() {
    return key(tenantId, id);
  }

  /** These settings with every optional field filled with its default. */
  public EndpointDefinition withDefaults() {
    List<String> r = regions == null ? List.of() : regions;
    return new EndpointDefinition(
        tenantId,
        id,
        name,
        service == null ? name : service,
        url,
        method == null ? "GET" : method.toUpperCase(Locale.ROOT),
        headers == null ? Map.of() : headers,
        body,
        expectedStatus == null ? DEFAULT_EXPECTED_STATUS : expectedStatus,
        bodyMatch,
        intervalMs == null ? DEFAULT_INTERVAL_MS : intervalMs,
        timeoutMs == null ? Math.min(DEFAULT_TIMEOUT_MS, intervalOrDefault()) : timeoutMs,
        r,
        quorum == null ? Math.min(2, Math.max(1, r.size())) : quorum,
        failureThreshold == null ? 2 : failureThreshold,
        degradedLatencyMs,
        certExpiryWarnDays == null ? 14 : certExpiryWarnDays,
        maintenanceWindows == null ? List.of() : maintenanceWindows,
        enabled == null ? Boolean.TRUE : enabled,
        createdAt,
        updatedAt,
        actor,
        sealedHeaders);
  }

  private long intervalOrDefault() {
    return intervalMs == null ? DEFAULT_INTERVAL_MS : intervalMs;
  }

  /**
   * These settings as {@code tenantId}'s endpoint {@code id}, last changed at {@code updatedAt}.
   */
  public EndpointDefinition stamped(
      String tenantId, String id, Instant createdAt, Instant updatedAt, String actor) {
    return new EndpointDefinition(
        tenantId,
        id,
        name,
        service,
        url,
        method,
        headers,
        body,
        expectedStatus,
        bodyMatch,
        intervalMs,
        timeoutMs,
        regions,
        quorum,
        failureThreshold,
        degradedLatencyMs,
        certExpiryWarnDays,
        maintenanceWindows,
        enabled,
        createdAt,
        updatedAt,
        actor,
        sealedHeaders);
  }

  /** These settings with other headers: {@code headers} in clear, {@code sealed} sealed. */
  public EndpointDefinition withHeaders(Map<String, String> headers, Map<String, String> sealed) {
    return new EndpointDefinition(
        tenantId,
        id,
        name,
        service,
        url,
        method,
        headers,
        body,
        expectedStatus,
        bodyMatch,
        intervalMs,
        timeoutMs,
        regions,
        quorum,
        failureThreshold,
        degradedLatencyMs,
        certExpiryWarnDays,
        maintenanceWindows,
        enabled,
        createdAt,
        updatedAt,
        actor,
        sealed);
  }

  /** Every problem of this record (after {@link #withDefaults()}), each naming its field. */
  public List<String> validate() {
    List<String> errors = new ArrayList<>();
    FieldErrors.ids(errors, tenantId, id);
    FieldErrors.text(errors, "name", name, true);
    FieldErrors.text(errors, "service", service, true);
    urlProblems(errors);
    if (method == null || !METHODS.contains(method)) {
      errors.add("field 'method' must be one of " + METHODS.stream().sorted().toList());
    }
    if (headers == null) {
      errors.add("field 'headers' is required (may be empty)");
    } else {
      if (headers.size() > 32) {
        errors.add("field 'headers' may hold at most 32 headers");
      }
      headers.forEach(
          (k, v) -> {
            if (k == null || !HEADER_NAME.matcher(k).matches()) {
              errors.add("field 'headers': invalid header name: " + k);
            } else if (v == null
                || v.length() > 4096
                || v.indexOf('\r') >= 0
                || v.indexOf('\n') >= 0) {
              errors.add("field 'headers': invalid value for header " + k);
            }
          });
    }
    if (sealedHeaders != null) {
      if (sealedHeaders.size() + (headers == null ? 0 : headers.size()) > 32) {
        errors.add("field 'headers' may hold at most 32 headers");
      }
      sealedHeaders.forEach(
          (k, v) -> {
            if (k == null || !HEADER_NAME.matcher(k).matches()) {
              errors.add("field 'sealedHeaders': invalid header name: " + k);
            } else if (headers != null && headers.containsKey(k)) {
              errors.add("field 'sealedHeaders': header " + k + " is also in 'headers'");
            } else if (v == null || !v.startsWith("v1:") || v.length() > 8192) {
              errors.add("field 'sealedHeaders': header " + k + " is not a sealed value");
            }
          });
    }
    if (body != null && body.length() > MAX_BODY) {
      errors.add("field 'body' must be at most " + MAX_BODY + " characters");
    }
    if (expectedStatus == null || !STATUS_SPEC.matcher(expectedStatus.trim()).matches()) {
      errors.add(
          "field 'expectedStatus' must be codes and ranges like '200-299' or '200,301-302', got: "
              + expectedStatus);
    } else if (!statusSpecInRange(expectedStatus)) {
      errors.add("field 'expectedStatus': codes must be 100-599 and ranges ascending");
    }
    if (bodyMatch != null && (bodyMatch.isEmpty() || bodyMatch.length() > 1024)) {
      errors.add("field 'bodyMatch' must be 1-1024 characters");
    }
    if (intervalMs == null || intervalMs < MIN_INTERVAL_MS || intervalMs > MAX_INTERVAL_MS) {
      errors.add(
          "field 'intervalMs' must be between " + MIN_INTERVAL_MS + " and " + MAX_INTERVAL_MS);
    }
    if (timeoutMs == null || timeoutMs < 100 || timeoutMs > 60_000) {
      errors.add("field 'timeoutMs' must be between 100 and 60000");
    } else if (intervalMs != null && timeoutMs > intervalMs) {
      errors.add("field 'timeoutMs' must not exceed 'intervalMs'");
    }
    if (regions == null || regions.isEmpty()) {
      errors.add("field 'regions' must name at least one region");
    } else {
      if (Set.copyOf(regions).size() != regions.size()) {
        errors.add("field 'regions' must not repeat a region");
      }
      for (String r : regions) {
        if (r == null || !REGION.matcher(r).matches()) {
          errors.add("field 'regions': invalid region name: " + r);
        }
      }
    }
    int m = regions == null ? 0 : regions.size();
    if (quorum == null || quorum < 1 || (m > 0 && quorum > m)) {
      errors.add("field 'quorum' must be between 1 and the number of regions (" + m + ")");
    }
    if (failureThreshold == null || failureThreshold < 1 || failureThreshold > 100) {
      errors.add("field 'failureThreshold' must be between 1 and 100");
    }
    if (degradedLatencyMs != null && !(degradedLatencyMs > 0 && degradedLatencyMs < 3_600_000)) {
      errors.add("field 'degradedLatencyMs' must be a positive number of milliseconds");
    }
    if (certExpiryWarnDays == null || certExpiryWarnDays < 0 || certExpiryWarnDays > 365) {
      errors.add("field 'certExpiryWarnDays' must be between 0 and 365");
    }
    if (maintenanceWindows == null) {
      errors.add("field 'maintenanceWindows' is required (may be empty)");
    } else {
      if (maintenanceWindows.size() > 100) {
        errors.add("field 'maintenanceWindows' may hold at most 100 windows");
      }
      for (MaintenanceWindow w : maintenanceWindows) {
        String p = w == null ? "maintenance window must not be null" : w.problem();
        if (p != null) {
          errors.add("field 'maintenanceWindows': " + p);
        }
      }
    }
    if (enabled == null) {
      errors.add("field 'enabled' is required");
    }
    FieldErrors.times(errors, createdAt, updatedAt);
    return errors;
  }

  public boolean isValid() {
    return validate().isEmpty();
  }

  /** Throws {@link IllegalArgumentException} listing every problem when the record is invalid. */
  public EndpointDefinition requireValid() {
    FieldErrors.throwIfAny(validate());
    return this;
  }

  /** Whether {@code status} is one of the accepted codes of {@link #expectedStatus}. */
  public boolean statusAccepted(int status) {
    for (String part : expectedStatus.split(",")) {
      String[] range = part.trim().split("-");
      int lo = Integer.parseInt(range[0]);
      int hi = range.length == 2 ? Integer.parseInt(range[1]) : lo;
      if (status >= lo && status <= hi) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code t} falls in one of the maintenance windows. */
  public boolean inMaintenance(Instant t) {
    return maintenanceWindows != null
        && maintenanceWindows.stream().anyMatch(w -> w != null && w.contains(t));
  }

  private static boolean statusSpecInRange(String spec) {
    for (String part : spec.split(",")) {
      String[] range = part.trim().split("-");
      int lo = Integer.parseInt(range[0]);
      int hi = range.length == 2 ? Integer.parseInt(range[1]) : lo;
      if (lo < 100 || hi > 599 || hi < lo) {
        return false;
      }
    }
    return true;
  }

  private void urlProblems(List<String> errors) {
    if (url == null || url.isBlank()) {
      errors.add("field 'url' is required");
      return;
    }
    if (url.length() > 2048) {
      errors.add("field 'url' must be at most 2048 characters");
      return;
    }
    try {
      URI u = new URI(url);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        errors.add("field 'url' must be an http or https URL, got: " + url);
      } else if (u.getHost() == null || u.getHost().isEmpty()) {
        errors.add("field 'url' must name a host, got: " + url);
      } else if (u.getUserInfo() != null) {
        errors.add("field 'url' must not carry credentials (use 'headers')");
      }
    } catch (java.net.URISyntaxException e) {
      errors.add("field 'url' is not a valid URL: " + e.getMessage());
    }
  }
}
