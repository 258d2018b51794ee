package io.obsera.ingest;

import io.obsera.platform.service.ServiceLauncher;

/** Runs the ingest bridge alone (distributed mode). Only this class reads the environment. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    ServiceLauncher launcher = ServiceLauncher.of("obsera ingest-bridge", System.getenv());
    IngestConfig config = launcher.config(IngestConfig::fromEnv);
    launcher.ensureTopics(config.kafkaBootstrap(), config.kafkaOverrides());
    IngestService service = new IngestService(config).start();
    String tls = config.tls().isPresent() ? " (TLS)" : "";
    launcher.runUntilShutdown(
        service,
        "OTLP/HTTP on "
            + config.bindHost()
            + ":"
            + service.otlpHttpPort()
            + tls
            + ", OTLP/gRPC on "
            + config.bindHost()
            + ":"
            + service.otlpGrpcPort()
            + tls);
  }
}
