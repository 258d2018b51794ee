package io.obsera.testing;

import com.clickhouse.client.api.Client;
import java.util.concurrent.TimeUnit;

/** ClickHouse helpers for tests, against the shared server ({@link SharedServers#clickHouse()}). */
public final class TestClickHouse {
  private static final long TIMEOUT_SECONDS = 30;

  private TestClickHouse() {}

  /**
   * Creates a database named {@code <prefix>_<random>} as the admin user and returns its name.
   * Every test can use its own database, so tests never see each other's rows.
   */
  public static String createDatabase(String prefix) {
    String name = UniqueNames.identifier(prefix);
    try (Client client = adminClient()) {
      client.execute("CREATE DATABASE " + name).get(TIMEOUT_SECONDS, TimeUnit.SECONDS).close();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("cannot create database " + name + ": " + e, e);
    }
    return name;
  }

  /**
   * A new client-v2 client for the shared server as the admin user; close it when done (an idle
   * pooled connection delays the embedded server's stop by a few seconds).
   */
  public static Client adminClient() {
    SharedServers.ClickHouseEndpoint endpoint = SharedServers.clickHouse();
    return new Client.Builder()
        .addEndpoint(endpoint.httpUrl())
        .setUsername(endpoint.user())
        .setPassword(endpoint.password())
        .build();
  }
}
