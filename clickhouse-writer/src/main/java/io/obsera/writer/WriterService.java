package io.obsera.writer;

import com.clickhouse.client.api.Client;
import io.obsera.platform.control.ControlPlaneView;
import io.obsera.schema.ClickHouseClients;
import io.obsera.schema.SchemaMigrator;
import io.obsera.writer.retention.AuditRetention;
import io.obsera.writer.retention.RetentionSweeper;
import io.obsera.writer.retention.TenantRetentions;
import io.obsera.writer.sink.ClickHouseWriter;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The clickhouse-writer service: applies ClickHouse migrations, runs the {@link ClickHouseWriter}
 * (the one owner of every Kafka -> ClickHouse write) and the per-tenant retention sweep.
 */
public final class WriterService implements AutoCloseable {
  private final WriterServiceConfig config;
  private final Client clickHouse;
  private ClickHouseWriter writer;
  private ControlPlaneView tenants;
  private ScheduledExecutorService retention;

  public WriterService(WriterServiceConfig config) {
    this.config = config;
    this.clickHouse = ClickHouseClients.create(config.clickHouse());
  }

  /** Applies migrations (idempotent); returns how many were applied now. */
  public int migrate() {
    int applied = new SchemaMigrator(clickHouse, config.clickHouse().database()).migrate();
    AuditRetention.apply(
        clickHouse, config.clickHouse().database(), config.retention().auditDays());
    return applied;
  }

  public WriterService start() {
    writer = new ClickHouseWriter(clickHouse, config.writer(), Clock.systemUTC()).start();
    startRetentionSweeps();
    return this;
  }

  /**
   * Sweeps on a schedule, but only once the tenants topic has been read: before that every tenant
   * would look like one on the default retention, and a longer own retention would be cut short.
   */
  private void startRetentionSweeps() {
    tenants =
        new ControlPlaneView(
                config.kafkaBootstrap(), config.kafkaOverrides(), config.controlTrust().verifier())
            .start();
    RetentionSweeper sweeper =
        new RetentionSweeper(
            clickHouse,
            config.clickHouse().database(),
            config.retention(),
            new TenantRetentions(tenants),
            Clock.systemUTC());
    retention =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "retention-sweeper");
              t.setDaemon(true);
              return t;
            });
    long every = config.retention().sweepInterval().toMillis();
    retention.scheduleWithFixedDelay(
        () -> {
          if (tenants.isCaughtUp()) {
            sweeper.sweepQuietly();
          }
        },
        Math.min(every, 30_000),
        every,
        TimeUnit.MILLISECONDS);
  }

  /** Holds (true) or resumes (false) the writer: it keeps its group membership and catches up. */
  public void hold(boolean hold) {
    writer.hold(hold);
  }

  public ClickHouseWriter writer() {
    return writer;
  }

  @Override
  public void close() {
    if (retention != null) {
      retention.shutdownNow();
      tenants.close();
    }
    if (writer != null) {
      writer.close();
    }
    clickHouse.close();
  }
}
