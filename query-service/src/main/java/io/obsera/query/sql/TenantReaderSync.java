package io.obsera.query.sql;

import io.obsera.model.access.ReaderLimits;
import io.obsera.model.access.TenantReader;
import io.obsera.model.access.TenantReaderProvisioner;
import io.obsera.model.control.TenantRecord;
import io.obsera.platform.control.ControlPlaneView;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps ClickHouse's tenant readers in line with the control plane: every {@code interval} it
 * computes one reader per tenant (with its current password) and, when that list changed since the
 * last successful apply, hands it to the {@link TenantReaderProvisioner}. Failures are retried on
 * the next tick and logged once per distinct message.
 */
public final class TenantReaderSync implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TenantReaderSync.class);

  private final ControlPlaneView tenants;
  private final AnalystCredentials credentials;
  private final TenantReaderProvisioner provisioner;
  private final String database;
  private final ReaderLimits limits;
  private final ScheduledExecutorService executor;
  private volatile List<TenantReader> applied = List.of();
  private String lastError;

  public TenantReaderSync(
      ControlPlaneView tenants,
      AnalystCredentials credentials,
      TenantReaderProvisioner provisioner,
      String database,
      ReaderLimits limits) {
    this.tenants = tenants;
    this.credentials = credentials;
    this.provisioner = provisioner;
    this.database = database;
    this.limits = limits;
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "tenant-reader-sync");
              t.setDaemon(true);
              return t;
            });
  }

  public TenantReaderSync start(Duration interval) {
    executor.scheduleWithFixedDelay(
        this::syncQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  /** Applies the current readers now, if they changed (also used by tests and at start-up). */
  public synchronized boolean sync() {
    List<TenantReader> wanted =
        tenants.tenants().stream()
            .map(TenantRecord::id)
            .sorted()
            .map(credentials::reader)
            .sorted(Comparator.comparing(TenantReader::tenantId))
            .toList();
    if (wanted.equals(applied)) {
      return false;
    }
    boolean changed = provisioner.apply(database, limits, wanted);
    applied = wanted;
    log.info("tenant readers applied for {} tenants (changed: {})", wanted.size(), changed);
    return changed;
  }

  private void syncQuietly() {
    try {
      sync();
      lastError = null;
    } catch (RuntimeException e) {
      String message = String.valueOf(e.getMessage());
      if (!Objects.equals(message, lastError)) {
        log.warn("cannot apply tenant readers (retrying): {}", message);
        lastError = message;
      }
    }
  }

  /** Whether ClickHouse has the tenant's reader with its current password. */
  public boolean isReady(String tenantId) {
    return applied.contains(credentials.reader(tenantId));
  }

  /** Tenants whose reader is in ClickHouse now. */
  public Set<String> readyTenants() {
    return applied.stream().map(TenantReader::tenantId).collect(Collectors.toSet());
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
