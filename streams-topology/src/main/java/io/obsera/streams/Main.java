package io.obsera.streams;

import io.obsera.platform.service.ServiceLauncher;

/** Runs the Kafka Streams topologies alone (distributed mode); clickhouse-writer writes. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    ServiceLauncher launcher = ServiceLauncher.of("obsera streams-topology", System.getenv());
    StreamsServiceConfig config = launcher.config(StreamsServiceConfig::fromEnv);
    launcher.ensureTopics(config.kafkaBootstrap(), config.kafkaOverrides());
    StreamsService service = new StreamsService(config).start();
    launcher.runUntilShutdown(
        service,
        "topologies of "
            + config.applicationId()
            + " on Kafka "
            + config.kafkaBootstrap()
            + ", state in "
            + config.stateDir());
  }
}
