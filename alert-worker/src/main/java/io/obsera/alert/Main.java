package io.obsera.alert;

import io.obsera.alert.worker.AlertWorker;
import io.obsera.alert.worker.AlertWorkerConfig;
import io.obsera.platform.service.ServiceLauncher;
import java.time.Clock;

/** Runs the alert worker alone (distributed mode): evaluation, routing, delivery. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    ServiceLauncher launcher = ServiceLauncher.of("obsera alert-worker", System.getenv());
    AlertWorkerConfig config = launcher.config(AlertWorkerConfig::fromEnv);
    launcher.ensureTopics(config.kafkaBootstrap(), config.kafkaOverrides());
    AlertWorker worker = new AlertWorker(config, Clock.systemUTC()).start();
    launcher.runUntilShutdown(
        worker,
        "evaluation, routing and delivery of "
            + config.applicationId()
            + " on Kafka "
            + config.kafkaBootstrap()
            + ", state in "
            + config.stateDir());
  }
}
