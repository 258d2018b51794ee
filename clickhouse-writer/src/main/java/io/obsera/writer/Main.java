package io.obsera.writer;

import io.obsera.platform.service.ServiceLauncher;

/** Runs the ClickHouse writer alone (distributed mode): migrations, writer, retention. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    ServiceLauncher launcher = ServiceLauncher.of("obsera clickhouse-writer", System.getenv());
    WriterServiceConfig config = launcher.config(WriterServiceConfig::fromEnv);
    launcher.ensureTopics(config.kafkaBootstrap(), config.kafkaOverrides());
    WriterService service = new WriterService(config);
    service.migrate();
    service.start();
    launcher.runUntilShutdown(
        service,
        "writing Kafka "
            + config.kafkaBootstrap()
            + " (group "
            + config.groupId()
            + ") to ClickHouse "
            + config.clickHouse().url()
            + ", database "
            + config.clickHouse().database());
  }
}
