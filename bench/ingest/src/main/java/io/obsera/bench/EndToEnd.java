package io.obsera.bench;

import com.clickhouse.client.api.Client;
import java.time.Duration;

/**
 * The {@code e2e} scenario: OTLP/HTTP protobuf spans through Obsera until every row has landed in
 * ClickHouse, against inserting the same rows straight into ClickHouse with RowBinary (the physical
 * limit of the machine). The warm-up is left to land before the clock starts.
 */
final class EndToEnd {
  private static final Duration LANDING_TIMEOUT = Duration.ofMinutes(10);

  /** The accepted part, then rows landed and rows inserted directly, with their wall times. */
  record Result(LoadResult accepted, long landed, long landNanos, long direct, long directNanos) {
    double landedPerSecond() {
      return landed / (landNanos / 1e9);
    }

    double directPerSecond() {
      return direct / (directNanos / 1e9);
    }
  }

  private final LoadRunner runner;
  private final RowLanding landing;
  private final Client clickHouse;

  EndToEnd(LoadRunner runner, RowLanding landing, Client clickHouse) {
    this.runner = runner;
    this.landing = landing;
    this.clickHouse = clickHouse;
  }

  /** Runs the timed part; {@code warmUpItems} were sent just before and are left to land first. */
  Result run(Workload work, Sender sender, long before, long warmUpItems) throws Exception {
    String table = work.table();
    landing.await(table, before + warmUpItems, LANDING_TIMEOUT);
    long baseline = landing.count(table);
    long t0 = System.nanoTime();
    LoadResult accepted = runner.run(Scenario.E2E, sender, work.timed(), work.itemsPerBody());
    long landed = landing.await(table, baseline + accepted.items(), LANDING_TIMEOUT) - baseline;
    long landNanos = System.nanoTime() - t0;

    DirectInsert.Result direct =
        DirectInsert.run(clickHouse, table, work.timed(), work.itemsPerBody());
    return new Result(accepted, landed, landNanos, direct.rows(), direct.nanos());
  }
}
