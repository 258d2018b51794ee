package io.obsera.query.sql;

import io.obsera.model.control.TenantRecord;
import java.time.Instant;

/**
 * The password version of a tenant's analyst user, in the compacted topic {@code
 * obsera.control.analyst-credentials} (key: tenant id). The password is derived from it and a
 * service secret; it is never stored.
 */
public record AnalystCredentialRecord(
    String tenantId, long version, Instant rotatedAt, String actor) {
  public AnalystCredentialRecord {
    TenantRecord.requireValidId(tenantId);
    if (version < 0) {
      throw new IllegalArgumentException("version must be >= 0, got " + version);
    }
  }
}
