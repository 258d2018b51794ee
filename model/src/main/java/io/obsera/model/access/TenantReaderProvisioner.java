package io.obsera.model.access;

import java.util.List;

/**
 * Makes ClickHouse have exactly one read-only user per tenant ({@link TenantReader}) with the given
 * limits. Two implementations: the embedded server rewrites its users file and restarts; an
 * external server gets {@code CREATE USER}/{@code CREATE ROW POLICY} statements.
 */
public interface TenantReaderProvisioner {

  /**
   * Applies the readers; returns once ClickHouse accepts their logins.
   *
   * @param database the Obsera database (row policies and grants apply to all its tables)
   * @return whether anything changed
   */
  boolean apply(String database, ReaderLimits limits, List<TenantReader> readers);
}
