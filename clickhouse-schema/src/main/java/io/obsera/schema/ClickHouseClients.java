package io.obsera.schema;

import com.clickhouse.client.api.Client;
import io.obsera.model.ClickHouseSettings;

/**
 * Builds the ClickHouse client every service uses, from one settings record: every query it sends
 * runs under {@code max_execution_time} (ClickHouse cancels it after that many seconds).
 */
public final class ClickHouseClients {
  private ClickHouseClients() {}

  public static Client create(ClickHouseSettings s) {
    return new Client.Builder()
        .addEndpoint(s.url())
        .setUsername(s.user())
        .setPassword(s.password())
        .setDefaultDatabase(s.database())
        .compressServerResponse(true)
        .setConnectTimeout(5_000)
        .serverSetting("max_execution_time", Integer.toString(s.maxExecutionSeconds()))
        .build();
  }
}
