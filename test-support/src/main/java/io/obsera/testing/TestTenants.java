package io.obsera.testing;

import io.obsera.model.control.ApiKeyRecord;
import io.obsera.model.control.ApiKeyToken;
import io.obsera.model.control.Scope;
import io.obsera.model.control.TenantRecord;
import io.obsera.platform.control.ControlPlaneWriter;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

/** Writes a tenant and an API key straight into a cluster's control-plane topics, for ITs. */
public final class TestTenants {
  private TestTenants() {}

  /** Creates {@code tenant} with one key of {@code scopes}; returns the key's bearer token. */
  public static ApiKeyToken createWithKey(String bootstrap, String tenant, Set<Scope> scopes) {
    return createWithKey(bootstrap, tenant, scopes, Set.of());
  }

  /** Creates {@code tenant} (an operations tenant) with a probe key bound to {@code regions}. */
  public static ApiKeyToken createWithProbeKey(
      String bootstrap, String tenant, Set<String> regions) {
    return createWithKey(bootstrap, tenant, Set.of(Scope.PROBE), regions);
  }

  private static ApiKeyToken createWithKey(
      String bootstrap, String tenant, Set<Scope> scopes, Set<String> regions) {
    ApiKeyToken token = ApiKeyToken.generate();
    try (ControlPlaneWriter control =
        new ControlPlaneWriter(bootstrap, Map.of(), TestControlKeys.signer())) {
      control.putTenant(new TenantRecord(tenant, tenant, Instant.now(), "test"));
      control.putApiKey(
          new ApiKeyRecord(
              token.keyId(),
              tenant,
              token.secretSha256(),
              scopes,
              "it",
              Instant.now(),
              null,
              "test",
              Set.of(),
              regions));
    }
    return token;
  }
}
