package io.obsera.query;

import io.obsera.model.ConfigSupport;
import io.obsera.model.Topics;
import io.obsera.platform.kafka.TopicProvisioner;

/** Runs the query service alone (distributed mode). Only this class reads the environment. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    QueryConfig config;
    try {
      config = QueryConfig.fromEnv(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("obsera query-service: configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    // Idempotent: whichever service starts first creates the topics (auto-creation stays off).
    TopicProvisioner.ensure(
        config.kafkaBootstrap(),
        config.kafkaOverrides(),
        Topics.all(ConfigSupport.intVar(System.getenv(), "OBSERA_KAFKA_PARTITIONS", 3)));
    QueryService service = new QueryService(config).start();
    Runtime.getRuntime().addShutdownHook(new Thread(service::close, "shutdown"));
    System.out.println("obsera query-service: API on " + config.bindHost() + ":" + service.port());
    Thread.currentThread().join();
  }
}
