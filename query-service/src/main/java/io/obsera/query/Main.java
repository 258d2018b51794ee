package io.obsera.query;

import io.obsera.platform.service.ServiceLauncher;

/** Runs the query service alone (distributed mode). Only this class reads the environment. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    ServiceLauncher launcher = ServiceLauncher.of("obsera query-service", System.getenv());
    QueryConfig config = launcher.config(QueryConfig::fromEnv);
    launcher.ensureTopics(config.kafkaBootstrap(), config.kafkaOverrides());
    QueryService service = new QueryService(config).start();
    launcher.runUntilShutdown(service, "API on " + config.bindHost() + ":" + service.port());
  }
}
