package io.obsera.model.access;

import java.util.List;
import java.util.Map;

/**
 * Makes ClickHouse have exactly one read-only user per tenant ({@link TenantReader}) with the given
 * limits. Two implementations: the embedded server rewrites its users file and restarts; an
 * external server gets {@code CREATE USER}/{@code CREATE ROW POLICY} statements.
 */
public interface TenantReaderProvisioner {

  /**
   * What an apply did.
   *
   * @param changed whether anything changed
   * @param failed the tenants whose reader could not be applied, with the reason; the others'
   *     readers are in place
   */
  record Applied(boolean changed, Map<String, String> failed) {
    public Applied {
      failed = Map.copyOf(failed);
    }
  }

  /**
   * Applies the readers; returns once ClickHouse accepts their logins. One tenant's failure never
   * keeps the others' readers out: it is reported in {@link Applied#failed()}. Throws only when no
   * reader could be applied (ClickHouse down, the shared profile refused).
   *
   * @param database the Obsera database (row policies and grants apply to all its tables)
   */
  Applied apply(String database, ReaderLimits limits, List<TenantReader> readers);
}
