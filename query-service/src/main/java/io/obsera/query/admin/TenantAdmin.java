package io.obsera.query.admin;

import io.obsera.model.control.ApiKeyRecord;
import io.obsera.model.control.ApiKeyToken;
import io.obsera.model.control.EndpointDefinition;
import io.obsera.model.control.Role;
import io.obsera.model.control.Scope;
import io.obsera.model.control.TenantLimits;
import io.obsera.model.control.TenantRecord;
import io.obsera.platform.control.ControlPlaneView;
import io.obsera.platform.control.ControlPlaneWriter;
import io.obsera.platform.control.Visibility;
import io.obsera.query.api.ApiException;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * Tenant and key administration over the control-plane topics. Each write returns once this
 * service's own view has read it back, so a follow-up request sees it.
 */
public final class TenantAdmin {
  private final ControlPlaneWriter writer;
  private final ControlPlaneView view;
  private final Clock clock;

  public TenantAdmin(ControlPlaneWriter writer, ControlPlaneView view, Clock clock) {
    this.writer = writer;
    this.view = view;
    this.clock = clock;
  }

  /** A newly issued key: its record and the token, which is shown only now. */
  public record IssuedKey(ApiKeyRecord record, String token) {}

  public TenantRecord createTenant(String id, String name, String actor) {
    TenantRecord.requireValidId(id);
    if (view.tenant(id).isPresent()) {
      throw ApiException.conflict("tenant " + id + " already exists");
    }
    TenantRecord t = new TenantRecord(id, name, clock.instant(), actor);
    writer.putTenant(t);
    Visibility.await(() -> view.tenant(id).isPresent());
    return t;
  }

  /** Creates the tenant if missing (used at standalone start-up). */
  public TenantRecord ensureTenant(String id, String actor) {
    return view.tenant(id).orElseGet(() -> createTenant(id, id, actor));
  }

  public IssuedKey issueKey(String tenant, String name, Set<Scope> scopes, String actor) {
    return issueKey(tenant, name, scopes, Set.of(), actor);
  }

  /**
   * Issues a key. A browser key ({@link Scope#BROWSER}) must name its origins and can have no other
   * scope: it is embedded in web pages, so it must not be able to read anything. A probe key
   * ({@link Scope#PROBE}, for probe agents; only the admin API issues keys) can have no other scope
   * either.
   */
  public IssuedKey issueKey(
      String tenant, String name, Set<Scope> scopes, Set<String> origins, String actor) {
    return issueKey(tenant, name, scopes, origins, Set.of(), null, actor);
  }

  /** Issues a probe key bound to {@code regions} (other keys name none). */
  public IssuedKey issueKey(
      String tenant,
      String name,
      Set<Scope> scopes,
      Set<String> origins,
      Set<String> regions,
      String actor) {
    return issueKey(tenant, name, scopes, origins, regions, null, actor);
  }

  /**
   * Issues a key with {@code role} for the query API (null: none of its own, acting as EDITOR like
   * keys from before roles); a role needs the query scope.
   */
  public IssuedKey issueKey(
      String tenant, String name, Set<Scope> scopes, Set<String> origins, Role role, String actor) {
    return issueKey(tenant, name, scopes, origins, Set.of(), role, actor);
  }

  /**
   * Issues a key, a probe key bound to {@code regions} (which it must name; other keys name none).
   */
  public IssuedKey issueKey(
      String tenant,
      String name,
      Set<Scope> scopes,
      Set<String> origins,
      Set<String> regions,
      Role role,
      String actor) {
    if (role != null && !scopes.contains(Scope.QUERY)) {
      throw ApiException.badRequest("field 'role' applies to keys with the query scope only");
    }
    if (scopes.contains(Scope.PROBE)) {
      if (regions.isEmpty()) {
        throw ApiException.badRequest(
            "a probe key needs 'regions', the regions its agents probe from (e.g. [\"eu-west\"]):"
                + " it reads their assignments and reports their results only");
      }
      for (String r : regions) {
        if (!EndpointDefinition.validRegion(r)) {
          throw ApiException.badRequest(
              "field 'regions' has '" + r + "'; a region is 1-32 characters of a-z, 0-9 and '-'");
        }
      }
    } else if (!regions.isEmpty()) {
      throw ApiException.badRequest("'regions' applies to probe keys only");
    }
    if (scopes.contains(Scope.BROWSER)) {
      if (scopes.size() > 1) {
        throw ApiException.badRequest("a browser key can have no other scope than 'browser'");
      }
      if (origins.isEmpty()) {
        throw ApiException.badRequest(
            "a browser key needs 'origins' (e.g. https://app.example.com)");
      }
    } else if (!origins.isEmpty()) {
      throw ApiException.badRequest("'origins' applies to browser keys only");
    }
    if (scopes.contains(Scope.PROBE) && scopes.size() > 1) {
      throw ApiException.badRequest(
          "a probe key can have no other scope than 'probe': it may send results for every"
              + " tenant, so it must not read or ingest as its own");
    }
    return putKey(tenant, ApiKeyToken.generate(), name, scopes, origins, regions, role, actor);
  }

  /** Registers an operator-chosen token (e.g. {@code OBSERA_API_KEY}) unless it already exists. */
  public IssuedKey ensureKey(
      String tenant, ApiKeyToken token, String name, Set<Scope> scopes, String actor) {
    return view.key(token.keyId())
        .filter(k -> !k.revoked() && k.tenantId().equals(tenant))
        .map(k -> new IssuedKey(k, token.token()))
        .orElseGet(() -> putKey(tenant, token, name, scopes, Set.of(), Set.of(), null, actor));
  }

  private IssuedKey putKey(
      String tenant,
      ApiKeyToken token,
      String name,
      Set<Scope> scopes,
      Set<String> origins,
      Set<String> regions,
      Role role,
      String actor) {
    requireTenant(tenant);
    ApiKeyRecord rec =
        new ApiKeyRecord(
            token.keyId(),
            tenant,
            token.secretSha256(),
            scopes,
            name == null ? "" : name,
            clock.instant(),
            null,
            actor,
            origins,
            regions,
            role);
    writer.putApiKey(rec);
    Visibility.await(() -> view.key(rec.keyId()).filter(k -> !k.revoked()).isPresent());
    return new IssuedKey(rec, token.token());
  }

  public void revokeKey(String tenant, String keyId, String actor) {
    requireTenant(tenant);
    ApiKeyRecord rec =
        view.key(keyId)
            .filter(k -> k.tenantId().equals(tenant))
            .orElseThrow(
                () ->
                    ApiException.notFound("key " + keyId + " of tenant " + tenant + " not found"));
    if (rec.revoked()) {
      return;
    }
    writer.putApiKey(rec.revoke(clock.instant(), actor));
    Visibility.await(() -> view.key(keyId).map(ApiKeyRecord::revoked).orElse(false));
  }

  /** Replaces the tenant's limit overrides; ingest applies them within a second. */
  public TenantRecord setLimits(String tenant, TenantLimits limits, String actor) {
    TenantRecord t =
        view.tenant(tenant)
            .orElseThrow(() -> ApiException.notFound("tenant " + tenant + " not found"));
    TenantRecord updated = t.withLimits(limits, actor);
    writer.putTenant(updated);
    Visibility.await(() -> view.tenant(tenant).map(x -> x.limits().equals(limits)).orElse(false));
    return updated;
  }

  /**
   * Sets how many days the tenant's telemetry is kept (null: the service default); the writer's
   * retention sweep applies it to data already stored, too.
   */
  public TenantRecord setRetention(String tenant, Integer days, String actor) {
    return update(
        tenant,
        t -> t.withRetention(days, actor),
        x -> java.util.Objects.equals(x.retentionDays(), days));
  }

  /** Sets the tenant's time zone (an IANA id; null: UTC), used by SLA reports. */
  public TenantRecord setTimeZone(String tenant, String zone, String actor) {
    return update(
        tenant,
        t -> t.withTimeZone(zone, actor),
        x -> java.util.Objects.equals(x.timeZone(), zone));
  }

  /**
   * Writes {@code change} of the tenant (400 when the record refuses it) and waits until the view
   * shows it ({@code applied}).
   */
  private TenantRecord update(
      String tenant,
      java.util.function.UnaryOperator<TenantRecord> change,
      java.util.function.Predicate<TenantRecord> applied) {
    TenantRecord t =
        view.tenant(tenant)
            .orElseThrow(() -> ApiException.notFound("tenant " + tenant + " not found"));
    TenantRecord updated;
    try {
      updated = change.apply(t);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(e.getMessage());
    }
    writer.putTenant(updated);
    Visibility.await(() -> view.tenant(tenant).map(applied::test).orElse(false));
    return updated;
  }

  public TenantRecord tenant(String tenant) {
    return view.tenant(tenant)
        .orElseThrow(() -> ApiException.notFound("tenant " + tenant + " not found"));
  }

  public List<ApiKeyRecord> keys(String tenant) {
    requireTenant(tenant);
    return view.keysOf(tenant);
  }

  private void requireTenant(String tenant) {
    if (view.tenant(tenant).isEmpty()) {
      throw ApiException.notFound("tenant " + tenant + " not found");
    }
  }
}
