package io.obsera.writer;

import io.obsera.model.ConfigSupport;
import io.obsera.model.Topics;
import io.obsera.platform.kafka.TopicProvisioner;

/** Runs the ClickHouse writer alone (distributed mode): migrations, writer, retention. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    WriterServiceConfig config;
    try {
      config = WriterServiceConfig.fromEnv(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("obsera clickhouse-writer: configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    // Idempotent: whichever service starts first creates the topics (auto-creation stays off).
    TopicProvisioner.ensure(
        config.kafkaBootstrap(),
        config.kafkaOverrides(),
        Topics.all(ConfigSupport.intVar(System.getenv(), "OBSERA_KAFKA_PARTITIONS", 3)));
    WriterService service = new WriterService(config);
    service.migrate();
    service.start();
    Runtime.getRuntime().addShutdownHook(new Thread(service::close, "shutdown"));
    Thread.currentThread().join();
  }
}
