package io.obsera.embedded;

import io.obsera.model.access.ReaderLimits;
import io.obsera.model.access.TenantReader;
import io.obsera.model.access.TenantReaderProvisioner;
import java.util.List;
import java.util.Map;

/**
 * Tenant readers on the embedded server, which has no writable access storage ({@code CREATE USER}
 * fails): they go into a generated users file, and the server restarts when it changes. Every
 * reader is a validated {@link TenantReader}, so one tenant cannot spoil the file for the others.
 */
public final class EmbeddedTenantReaders implements TenantReaderProvisioner {
  private final EmbeddedClickHouse server;

  public EmbeddedTenantReaders(EmbeddedClickHouse server) {
    this.server = server;
  }

  @Override
  public Applied apply(String database, ReaderLimits limits, List<TenantReader> readers) {
    return new Applied(server.applyReaders(database, limits, readers), Map.of());
  }
}
