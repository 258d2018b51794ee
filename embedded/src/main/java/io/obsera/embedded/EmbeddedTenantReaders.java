package io.obsera.embedded;

import io.obsera.model.access.ReaderLimits;
import io.obsera.model.access.TenantReader;
import io.obsera.model.access.TenantReaderProvisioner;
import java.util.List;

/**
 * Tenant readers on the embedded server, which has no writable access storage ({@code CREATE USER}
 * fails): they go into a generated users file, and the server restarts when it changes.
 */
public final class EmbeddedTenantReaders implements TenantReaderProvisioner {
  private final EmbeddedClickHouse server;

  public EmbeddedTenantReaders(EmbeddedClickHouse server) {
    this.server = server;
  }

  @Override
  public boolean apply(String database, ReaderLimits limits, List<TenantReader> readers) {
    return server.applyReaders(database, limits, readers);
  }
}
