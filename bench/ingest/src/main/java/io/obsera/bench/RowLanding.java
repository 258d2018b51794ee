package io.obsera.bench;

import com.clickhouse.client.api.Client;
import java.time.Duration;

/** Counts rows in ClickHouse tables and waits for them to arrive, polling with a deadline. */
final class RowLanding {
  private static final long POLL_MILLIS = 100;

  private final Client clickHouse;

  RowLanding(Client clickHouse) {
    this.clickHouse = clickHouse;
  }

  long count(String table) {
    return clickHouse.queryAll("SELECT count() AS c FROM " + table).get(0).getLong("c");
  }

  /** Waits until {@code table} holds at least {@code expected} rows or {@code timeout} passes. */
  long await(String table, long expected, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    long rows = count(table);
    while (rows < expected && System.nanoTime() < deadline) {
      Thread.sleep(POLL_MILLIS);
      rows = count(table);
    }
    return rows;
  }
}
