package io.obsera.alert.worker;

import io.obsera.alert.delivery.Deliverer;
import io.obsera.alert.evaluate.EvaluationTopology;
import io.obsera.alert.outbox.ChannelDirectory;
import io.obsera.alert.outbox.OutboxDeliveryLoop;
import io.obsera.alert.route.RoutingTopology;
import io.obsera.alert.selfmon.SelfMonitor;
import io.obsera.platform.crypto.ChannelSealer;
import io.obsera.platform.kafka.StoreRestores;
import io.obsera.platform.kafka.StreamsDefaults;
import io.obsera.platform.kafka.TopologyPart;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The alert worker: one Kafka Streams application (exactly_once_v2) built from every {@link
 * TopologyPart} ({@link #parts}), and the {@link OutboxDeliveryLoop} that delivers what it decides.
 * The clock given is the alert logic's "now" (tests move it by hand); delivery always runs on the
 * system clock.
 */
public final class AlertWorker implements AutoCloseable {
  private final AlertWorkerConfig config;
  private final Clock clock;
  private final List<TopologyPart> parts;
  private final StoreRestores restores = new StoreRestores("alert worker");
  private KafkaStreams streams;
  private Deliverer deliverer;
  private OutboxDeliveryLoop outbox;
  private SelfMonitor selfMonitor;

  public AlertWorker(AlertWorkerConfig config, Clock clock) {
    this(config, clock, parts(config, clock));
  }

  public AlertWorker(AlertWorkerConfig config, Clock clock, List<TopologyPart> parts) {
    this.config = config;
    this.clock = clock;
    this.parts = List.copyOf(parts);
  }

  /** Every part of the worker's topology: rule evaluation, then routing and grouping. */
  public static List<TopologyPart> parts(AlertWorkerConfig config, Clock clock) {
    return List.of(
        new EvaluationTopology(config.evaluation(), clock, config.controlTrust().verifier()),
        new RoutingTopology(config.routing(), clock, config.controlTrust().verifier()));
  }

  public AlertWorker start() {
    streams =
        StreamsDefaults.start(
            StreamsDefaults.topology(parts), streamsProperties(), "alert worker", restores);
    // delivery runs on wall-clock time whatever the alert logic's clock: receivers check
    // signature timestamps against their own clocks
    Clock wall = Clock.systemUTC();
    deliverer = new Deliverer(config.delivery(), wall);
    outbox =
        new OutboxDeliveryLoop(
                config.kafkaBootstrap(),
                config.kafkaOverrides(),
                config.outbox(),
                deliverer,
                new ChannelDirectory(
                    config.kafkaBootstrap(),
                    config.kafkaOverrides(),
                    config.controlTrust().verifier(),
                    config.outbox().channelsTopic(),
                    new ChannelSealer(config.secretKey())),
                wall)
            .start();
    if (config.selfMonitor().enabled()) {
      selfMonitor =
          new SelfMonitor(
                  config.selfMonitor(), config.kafkaBootstrap(), config.kafkaOverrides(), clock)
              .start();
    }
    return this;
  }

  Properties streamsProperties() {
    return StreamsDefaults.properties(
        config.applicationId(),
        config.kafkaBootstrap(),
        config.stateDir(),
        config.commitIntervalMillis(),
        config.kafkaOverrides());
  }

  /** Whether the Streams app runs and the delivery loop consumes the outbox. */
  public boolean ready() {
    return streams != null
        && streams.state() == KafkaStreams.State.RUNNING
        && outbox != null
        && outbox.awaitReadyQuietly();
  }

  /** Records restored from changelogs since start (none after a clean stop). */
  public long restoredRecords() {
    return restores.restoredRecords();
  }

  public KafkaStreams.State streamsState() {
    return streams == null ? KafkaStreams.State.NOT_RUNNING : streams.state();
  }

  @Override
  public void close() {
    if (selfMonitor != null) {
      selfMonitor.close();
    }
    if (outbox != null) {
      outbox.close();
    }
    if (deliverer != null) {
      deliverer.close();
    }
    if (streams != null) {
      streams.close(Duration.ofSeconds(30));
    }
  }
}
