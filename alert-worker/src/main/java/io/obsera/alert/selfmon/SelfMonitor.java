package io.obsera.alert.selfmon;

import io.obsera.model.Json;
import io.obsera.model.Topics;
import io.obsera.model.alert.AlertEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Obsera watching itself: every {@link SelfMonitorConfig#interval} one thread samples the health
 * ({@link ClusterHealthSampler}), evaluates it ({@link SelfAlertEvaluator}) and publishes the
 * resulting alert events of tenant {@value SelfAlertEvaluator#TENANT} on {@link
 * Topics#ALERT_EVENTS}, where the routing treats them like any tenant's alerts. Events Kafka did
 * not take (it is down) are kept, in order, and sent at a later tick.
 */
public final class SelfMonitor implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SelfMonitor.class);

  private final SelfMonitorConfig config;
  private final ClusterHealthSampler sampler;
  private final SelfAlertEvaluator evaluator;
  private final KafkaProducer<String, byte[]> producer;
  private final String bootstrap;
  private final Map<String, String> overrides;
  private final Deque<AlertEvent> unsent = new ArrayDeque<>();
  private boolean restored;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "obsera-selfmon");
            t.setDaemon(true);
            return t;
          });

  public SelfMonitor(
      SelfMonitorConfig config, String bootstrap, Map<String, String> overrides, Clock clock) {
    this.config = config;
    this.bootstrap = bootstrap;
    this.overrides = Map.copyOf(overrides);
    this.sampler = new ClusterHealthSampler(config, bootstrap, overrides);
    this.evaluator = new SelfAlertEvaluator(config, clock);
    Properties p = new Properties();
    p.putAll(overrides);
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000");
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  public SelfMonitor start() {
    long every = config.interval().toMillis();
    timer.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    log.info(
        "self-monitoring every {} ms: writer group {}, ClickHouse {}",
        every,
        config.writerGroup(),
        config.clickHouseUrl() == null ? "not watched" : config.clickHouseUrl());
    return this;
  }

  private void tick() {
    try {
      if (!restored) {
        evaluator.restore(OperatorAlertHistory.latest(bootstrap, overrides));
        restored = true;
        if (!evaluator.firing().isEmpty()) {
          log.info("operator alerts firing before this start: {}", evaluator.firing());
        }
      }
      for (AlertEvent e : evaluator.evaluate(sampler.sample())) {
        log.warn("operator alert {} {}: {}", e.ruleId(), e.state(), e.summary());
        unsent.add(e);
      }
      publish();
    } catch (RuntimeException e) {
      log.warn("self-monitoring sample failed: {}", e.toString());
    }
  }

  private void publish() {
    while (!unsent.isEmpty()) {
      AlertEvent e = unsent.peek();
      try {
        producer
            .send(
                new ProducerRecord<>(
                    Topics.ALERT_EVENTS, e.key(), Json.MAPPER.writeValueAsBytes(e)))
            .get(15, TimeUnit.SECONDS);
        unsent.poll();
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception ex) {
        log.debug("operator alert {} not published yet: {}", e.ruleId(), ex.toString());
        return;
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(5));
    sampler.close();
  }
}
