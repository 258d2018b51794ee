package io.obsera.model.control;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A tenant, as kept in the compacted tenants topic (key: tenant id), with its limit overrides (null
 * fields: service defaults).
 */
public record TenantRecord(
    String id, String name, Instant createdAt, String actor, TenantLimits limits) {
  private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

  public TenantRecord {
    requireValidId(id);
    if (name == null || name.isBlank()) {
      name = id;
    }
    if (limits == null) {
      limits = TenantLimits.none();
    }
  }

  /** A tenant with default limits. */
  public TenantRecord(String id, String name, Instant createdAt, String actor) {
    this(id, name, createdAt, actor, TenantLimits.none());
  }

  public TenantRecord withLimits(TenantLimits newLimits, String by) {
    return new TenantRecord(id, name, createdAt, by, newLimits);
  }

  /** Throws with a message naming the rule when {@code id} is not a valid tenant id. */
  public static void requireValidId(String id) {
    if (id == null || !ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "tenant id must be 1-63 characters of a-z, 0-9 and '-', starting with a letter or"
              + " digit, got: "
              + id);
    }
  }
}
