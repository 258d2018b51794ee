package io.obsera.ingest;

import io.obsera.model.ConfigSupport;
import io.obsera.model.Topics;
import io.obsera.platform.kafka.TopicProvisioner;

/** Runs the ingest bridge alone (distributed mode). Only this class reads the environment. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    IngestConfig config;
    try {
      config = IngestConfig.fromEnv(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("obsera ingest-bridge: configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    // Idempotent: whichever service starts first creates the topics (auto-creation stays off).
    TopicProvisioner.ensure(
        config.kafkaBootstrap(),
        config.kafkaOverrides(),
        Topics.all(ConfigSupport.intVar(System.getenv(), "OBSERA_KAFKA_PARTITIONS", 3)));
    IngestService service = new IngestService(config).start();
    Runtime.getRuntime().addShutdownHook(new Thread(service::close, "shutdown"));
    String tls = config.tls().isPresent() ? " (TLS)" : "";
    System.out.println(
        "obsera ingest-bridge: OTLP/HTTP on "
            + config.bindHost()
            + ":"
            + service.otlpHttpPort()
            + tls
            + ", OTLP/gRPC on "
            + config.bindHost()
            + ":"
            + service.otlpGrpcPort()
            + tls);
    Thread.currentThread().join();
  }
}
