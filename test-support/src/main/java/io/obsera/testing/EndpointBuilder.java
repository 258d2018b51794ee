package io.obsera.testing;

import io.obsera.model.control.EndpointDefinition;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Endpoint definitions for tests: defaults of the contract, fields set by name. */
public final class EndpointBuilder {
  private final String tenant;
  private final String id;
  private final String url;
  private String method;
  private Map<String, String> headers;
  private String body;
  private String expectedStatus;
  private String bodyMatch;
  private Long intervalMs = 30_000L;
  private Long timeoutMs;
  private List<String> regions = List.of("eu-west");
  private Double degradedLatencyMs;
  private Integer certExpiryWarnDays;
  private Boolean enabled;

  private EndpointBuilder(String tenant, String id, String url) {
    this.tenant = tenant;
    this.id = id;
    this.url = url;
  }

  public static EndpointBuilder endpoint(String tenant, String id, String url) {
    return new EndpointBuilder(tenant, id, url);
  }

  public EndpointBuilder method(String m, String b, Map<String, String> h) {
    this.method = m;
    this.body = b;
    this.headers = h;
    return this;
  }

  public EndpointBuilder expectedStatus(String s) {
    this.expectedStatus = s;
    return this;
  }

  public EndpointBuilder bodyMatch(String s) {
    this.bodyMatch = s;
    return this;
  }

  public EndpointBuilder intervalMs(long ms) {
    this.intervalMs = ms;
    return this;
  }

  public EndpointBuilder timeoutMs(long ms) {
    this.timeoutMs = ms;
    return this;
  }

  public EndpointBuilder regions(String... r) {
    this.regions = List.of(r);
    return this;
  }

  public EndpointBuilder degradedLatencyMs(double ms) {
    this.degradedLatencyMs = ms;
    return this;
  }

  public EndpointBuilder certExpiryWarnDays(int days) {
    this.certExpiryWarnDays = days;
    return this;
  }

  public EndpointBuilder enabled(boolean e) {
    this.enabled = e;
    return this;
  }

  /** The definition with defaults filled in, valid (throws otherwise). */
  public EndpointDefinition build() {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    return new EndpointDefinition(
            tenant,
            id,
            id,
            null,
            url,
            method,
            headers,
            body,
            expectedStatus,
            bodyMatch,
            intervalMs,
            timeoutMs,
            regions,
            null,
            null,
            degradedLatencyMs,
            certExpiryWarnDays,
            null,
            enabled,
            t,
            t,
            "test")
        .withDefaults()
        .requireValid();
  }
}
