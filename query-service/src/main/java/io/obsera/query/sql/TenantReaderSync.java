package io.obsera.query.sql;

import io.obsera.model.access.ReaderLimits;
import io.obsera.model.access.TenantReader;
import io.obsera.model.access.TenantReaderProvisioner;
import io.obsera.model.control.TenantRecord;
import io.obsera.platform.control.ControlPlaneView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps ClickHouse's tenant readers in line with the control plane: every {@code interval} it
 * computes one reader per tenant (with its current password) and, when that list changed since the
 * last apply, hands it to the {@link TenantReaderProvisioner}. Each tenant is isolated: a tenant
 * whose reader cannot be made or applied is logged (once per distinct reason), counted and retried
 * every 30 s, while the others' readers are applied. Whole failures (ClickHouse down, or refusing
 * the admin user a grant) are retried 0.5 s later, then after twice as long each time up to 5 s,
 * and logged once per cause.
 *
 * <p>Every reader applied is then checked with {@link SystemTablesCheck}: while one can read the
 * system tables that show every tenant's queries, {@link #disabledReason()} says why and SQL is
 * disabled.
 */
public final class TenantReaderSync implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TenantReaderSync.class);
  private static final long RETRY_FAILED_NANOS = Duration.ofSeconds(30).toNanos();

  private final ControlPlaneView tenants;
  private final AnalystCredentials credentials;
  private final TenantReaderProvisioner provisioner;
  private final String database;
  private final ReaderLimits limits;
  private final SystemTablesCheck systemTables;
  private final ScheduledExecutorService executor;
  private volatile List<TenantReader> applied = List.of();
  private List<TenantReader> attempted;
  private long attemptedAt;
  private volatile Map<String, String> failing = Map.of();
  private final AtomicLong failures = new AtomicLong();
  private final Set<TenantReader> unchecked = new HashSet<>();
  private final Map<String, String> exposed = new ConcurrentHashMap<>();
  private String lastError;
  private final RetryBackoff backoff =
      new RetryBackoff(System::nanoTime, Duration.ofMillis(500), Duration.ofSeconds(5));

  public TenantReaderSync(
      ControlPlaneView tenants,
      AnalystCredentials credentials,
      TenantReaderProvisioner provisioner,
      String database,
      ReaderLimits limits,
      SystemTablesCheck systemTables) {
    this.tenants = tenants;
    this.credentials = credentials;
    this.provisioner = provisioner;
    this.database = database;
    this.limits = limits;
    this.systemTables = systemTables;
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
    Map<String, String> failed = new TreeMap<>();
    List<TenantReader> wanted = new ArrayList<>();
    tenants.tenants().stream()
        .map(TenantRecord::id)
        .sorted()
        .forEach(
            tenant -> {
              try {
                wanted.add(credentials.reader(tenant));
              } catch (RuntimeException e) {
                failed.put(tenant, String.valueOf(e.getMessage()));
              }
            });
    boolean retryDue = !failing.isEmpty() && System.nanoTime() - attemptedAt > RETRY_FAILED_NANOS;
    boolean changed = false;
    if (!wanted.equals(attempted) || retryDue) {
      TenantReaderProvisioner.Applied result = provisioner.apply(database, limits, wanted);
      failed.putAll(result.failed());
      List<TenantReader> now =
          wanted.stream().filter(r -> !failed.containsKey(r.tenantId())).toList();
      Set<TenantReader> before = new HashSet<>(applied);
      now.stream().filter(r -> !before.contains(r)).forEach(unchecked::add);
      unchecked.retainAll(now);
      applied = now;
      attempted = wanted;
      attemptedAt = System.nanoTime();
      changed = result.changed();
      recordFailures(failed);
      log.info(
          "tenant readers applied for {} tenants, {} failed (changed: {})",
          now.size(),
          failed.size(),
          changed);
    }
    checkSystemTables();
    return changed;
  }

  private void recordFailures(Map<String, String> failed) {
    Map<String, String> previous = failing;
    failed.forEach(
        (tenant, reason) -> {
          failures.incrementAndGet();
          if (!reason.equals(previous.get(tenant))) {
            log.warn("cannot apply the reader of tenant {} (retrying): {}", tenant, reason);
          }
        });
    failing = Map.copyOf(failed);
  }

  /**
   * Checks the readers applied since their last check; inconclusive ones stay for the next tick.
   */
  private void checkSystemTables() {
    for (TenantReader r : List.copyOf(unchecked)) {
      try {
        Optional<String> exposure = systemTables.exposure(r);
        if (exposure.isPresent()) {
          if (exposed.put(r.tenantId(), exposure.get()) == null) {
            log.error("SQL disabled: {}", exposure.get());
          }
        } else {
          exposed.remove(r.tenantId());
        }
        unchecked.remove(r);
      } catch (IllegalStateException e) {
        log.debug("system table check postponed: {}", e.getMessage());
        return;
      }
    }
  }

  private void syncQuietly() {
    if (!backoff.due()) {
      return;
    }
    try {
      sync();
      backoff.succeeded();
      lastError = null;
    } catch (RuntimeException e) {
      backoff.failed();
      String cause = RetryBackoff.cause(e.getMessage());
      if (!Objects.equals(cause, lastError)) {
        log.warn("cannot apply tenant readers (retrying, up to every 5 s): {}", e.getMessage());
        lastError = cause;
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

  /** Why SQL (the API's and panels') is disabled now, if it is. */
  public Optional<String> disabledReason() {
    return exposed.values().stream().sorted().findFirst();
  }

  /** What {@code /health} shows of SQL: enabled or disabled (and why), failing readers. */
  public Map<String, Object> status() {
    Map<String, Object> out = new LinkedHashMap<>();
    Optional<String> reason = disabledReason();
    out.put("status", reason.isPresent() ? "disabled" : "enabled");
    reason.ifPresent(r -> out.put("reason", r));
    out.put("readers", applied.size());
    out.put("failingReaders", new TreeMap<>(failing));
    out.put("readerFailures", failures.get());
    return out;
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
