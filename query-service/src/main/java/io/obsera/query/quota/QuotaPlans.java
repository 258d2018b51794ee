package io.obsera.query.quota;

/**
 * Where a tenant's quotas come from: the seam where plans will set per-tenant values. Today {@link
 * #everyTenant} gives every tenant the configured defaults.
 */
@FunctionalInterface
public interface QuotaPlans {
  /** The quotas of {@code tenant} now. */
  TenantQuotas of(String tenant);

  /** The same quotas for every tenant (the {@code OBSERA_QUOTA_*} defaults). */
  static QuotaPlans everyTenant(TenantQuotas quotas) {
    return tenant -> quotas;
  }
}
