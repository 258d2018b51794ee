package io.obsera.alert;

import io.obsera.alert.worker.AlertWorker;
import io.obsera.alert.worker.AlertWorkerConfig;
import io.obsera.model.ConfigSupport;
import io.obsera.model.Topics;
import io.obsera.platform.kafka.TopicProvisioner;
import java.time.Clock;

/** Runs the alert worker alone (distributed mode): evaluation, routing, delivery. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    AlertWorkerConfig config;
    try {
      config = AlertWorkerConfig.fromEnv(System.getenv());
    } catch (IllegalArgumentException e) {
      System.err.println("obsera alert-worker: configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    // Idempotent: whichever service starts first creates the topics (auto-creation stays off).
    TopicProvisioner.ensure(
        config.kafkaBootstrap(),
        config.kafkaOverrides(),
        Topics.all(ConfigSupport.intVar(System.getenv(), "OBSERA_KAFKA_PARTITIONS", 3)));
    AlertWorker worker = new AlertWorker(config, Clock.systemUTC()).start();
    Runtime.getRuntime().addShutdownHook(new Thread(worker::close, "shutdown"));
    Thread.currentThread().join();
  }
}
