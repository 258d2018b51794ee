package io.obsera.streams;

import io.obsera.model.ConfigSupport;
import io.obsera.model.Topics;
import io.obsera.platform.kafka.TopicProvisioner;

/** Runs the Kafka Streams topologies alone (distributed mode); clickhouse-writer writes. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    StreamsServiceConfig config;
    try {
      config = StreamsServiceConfig.fromEnv(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("obsera streams-topology: configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    // Idempotent: whichever service starts first creates the topics (auto-creation stays off).
    TopicProvisioner.ensure(
        config.kafkaBootstrap(),
        config.kafkaOverrides(),
        Topics.all(ConfigSupport.intVar(System.getenv(), "OBSERA_KAFKA_PARTITIONS", 3)));
    StreamsService service = new StreamsService(config);
    service.start();
    Runtime.getRuntime().addShutdownHook(new Thread(service::close, "shutdown"));
    Thread.currentThread().join();
  }
}
