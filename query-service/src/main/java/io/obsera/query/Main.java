package io.obsera.query;

import io.obsera.identity.IdentityConfig;
import io.obsera.identity.sso.SsoConfig;
import io.obsera.platform.service.ServiceLauncher;
import java.time.Clock;

/** Runs the query service alone (distributed mode). Only this class reads the environment. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    ServiceLauncher launcher = ServiceLauncher.of("obsera query-service", System.getenv());
    QueryConfig config = launcher.config(QueryConfig::fromEnv);
    launcher.ensureTopics(config.kafkaBootstrap(), config.kafkaOverrides());
    IdentityConfig identity = launcher.config(IdentityConfig::fromEnv);
    SsoConfig sso = launcher.config(SsoConfig::fromEnv);
    QueryServer server =
        new QueryServer(config, null, Clock.systemUTC(), identity).withSso(sso).start();
    launcher.runUntilShutdown(server, "API on " + config.bindHost() + ":" + server.port());
  }
}
