package io.obsera.platform.control;

import io.obsera.model.Topics;
import io.obsera.model.control.ApiKeyRecord;
import io.obsera.model.control.ApiKeyToken;
import io.obsera.model.control.EndpointDefinition;
import io.obsera.model.control.Scope;
import io.obsera.model.control.SloDefinition;
import io.obsera.model.control.TenantRecord;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A consumer-built, always-current view of tenants, API keys and SLO definitions, read from the
 * compacted control-plane topics from the beginning (no consumer group; one {@link KeyedTopicView}
 * each). A key revoked through the admin API stops authenticating as soon as its record is read,
 * typically well under a second.
 */
public final class ControlPlaneView implements AutoCloseable {
  private final KeyedTopicView<TenantRecord> tenants;
  private final KeyedTopicView<ApiKeyRecord> keys;
  private final KeyedTopicView<SloDefinition> slos;
  private final KeyedTopicView<EndpointDefinition> endpoints;

  public ControlPlaneView(
      String bootstrapServers, Map<String, String> kafkaOverrides, ControlVerifier verifier) {
    this.tenants =
        new KeyedTopicView<>(
            bootstrapServers, kafkaOverrides, verifier, Topics.CONTROL_TENANTS, TenantRecord.class);
    this.keys =
        new KeyedTopicView<>(
            bootstrapServers,
            kafkaOverrides,
            verifier,
            Topics.CONTROL_API_KEYS,
            ApiKeyRecord.class);
    this.slos =
        new KeyedTopicView<>(
            bootstrapServers,
            kafkaOverrides,
            verifier,
            Topics.CONTROL_SLOS,
            SloDefinition.class,
            KeyedTopicView.sound("SLO definition", SloDefinition::validate, SloDefinition::key));
    this.endpoints =
        new KeyedTopicView<>(
            bootstrapServers,
            kafkaOverrides,
            verifier,
            Topics.CONTROL_ENDPOINTS,
            EndpointDefinition.class,
            KeyedTopicView.sound(
                "endpoint definition", EndpointDefinition::validate, EndpointDefinition::key));
  }

  /** Starts reading; returns at once. Use {@link #awaitCaughtUp} before serving. */
  public ControlPlaneView start() {
    tenants.start();
    keys.start();
    slos.start();
    endpoints.start();
    return this;
  }

  /** Waits until everything that was in the topics at start has been read. */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    return tenants.awaitCaughtUp(timeout)
        && keys.awaitCaughtUp(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))
        && slos.awaitCaughtUp(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))
        && endpoints.awaitCaughtUp(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
  }

  public boolean isCaughtUp() {
    return tenants.isCaughtUp() && keys.isCaughtUp() && slos.isCaughtUp() && endpoints.isCaughtUp();
  }

  /**
   * Why views of this control plane no longer read their topics (each reason names its topic),
   * joined with "; ", if any stopped; see {@link KeyedTopicView#stopped()}.
   */
  public Optional<String> stopped() {
    return KeyedTopicView.stoppedOf(List.of(tenants, keys, slos, endpoints));
  }

  /** Every tenant known now (a snapshot). */
  public List<TenantRecord> tenants() {
    return tenants.values();
  }

  public Optional<TenantRecord> tenant(String id) {
    return tenants.get(id);
  }

  /** The key behind a bearer token, if it exists, is not revoked, matches and has the scope. */
  public Optional<ApiKeyRecord> authenticate(String bearerToken, Scope scope) {
    return authenticate(bearerToken).filter(k -> k.scopes().contains(scope));
  }

  /** The key behind a bearer token, if it exists, is not revoked and matches (any scope). */
  public Optional<ApiKeyRecord> authenticate(String bearerToken) {
    if (bearerToken == null || bearerToken.isEmpty()) {
      return Optional.empty();
    }
    ApiKeyToken token = ApiKeyToken.parse(bearerToken);
    ApiKeyRecord rec = keys.get(token.keyId()).orElse(null);
    if (rec == null || rec.revoked()) {
      return Optional.empty();
    }
    boolean match =
        MessageDigest.isEqual(
            rec.secretSha256().getBytes(StandardCharsets.US_ASCII),
            token.secretSha256().getBytes(StandardCharsets.US_ASCII));
    return match ? Optional.of(rec) : Optional.empty();
  }

  /** Origins allowed by any live browser key: CORS preflights from them are answered. */
  public boolean anyBrowserKeyAllows(String origin) {
    for (ApiKeyRecord k : keys.values()) {
      if (!k.revoked() && k.scopes().contains(Scope.BROWSER) && k.origins().contains(origin)) {
        return true;
      }
    }
    return false;
  }

  /** Every key record of a tenant, revoked ones included. */
  public List<ApiKeyRecord> keysOf(String tenantId) {
    return keys.values().stream().filter(k -> k.tenantId().equals(tenantId)).toList();
  }

  public Optional<ApiKeyRecord> key(String keyId) {
    return keys.get(keyId);
  }

  /** The tenant's SLO, if defined. */
  public Optional<SloDefinition> slo(String tenantId, String sloId) {
    return slos.get(SloDefinition.key(tenantId, sloId));
  }

  /** Every SLO of a tenant, ordered by id. */
  public List<SloDefinition> slosOf(String tenantId) {
    return slos.withKeyPrefix(tenantId + "|").stream()
        .filter(s -> s.tenantId().equals(tenantId))
        .sorted(java.util.Comparator.comparing(SloDefinition::id))
        .toList();
  }

  public Optional<EndpointDefinition> endpoint(String tenantId, String endpointId) {
    return endpoints.get(EndpointDefinition.key(tenantId, endpointId));
  }

  /** Every monitored endpoint of a tenant, ordered by id. */
  public List<EndpointDefinition> endpointsOf(String tenantId) {
    return endpoints.withKeyPrefix(tenantId + "|").stream()
        .filter(e -> e.tenantId().equals(tenantId))
        .sorted(java.util.Comparator.comparing(EndpointDefinition::id))
        .toList();
  }

  /** Every enabled endpoint, of every tenant, that {@code region} probes. */
  public List<EndpointDefinition> endpointsProbedFrom(String region) {
    return endpoints.values().stream()
        .filter(e -> Boolean.TRUE.equals(e.enabled()) && e.regions().contains(region))
        .sorted(java.util.Comparator.comparing(EndpointDefinition::key))
        .toList();
  }

  @Override
  public void close() {
    endpoints.close();
    tenants.close();
    keys.close();
    slos.close();
  }
}
