package io.obsera.alert.outbox;

import io.obsera.model.ConfigSupport;
import io.obsera.model.Topics;
import java.time.Duration;
import java.util.Map;

/**
 * How the delivery loop reads the outbox and delivers.
 *
 * @param notificationsTopic the outbox ({@link Topics#ALERT_NOTIFICATIONS})
 * @param deliveriesTopic where outcomes are recorded ({@link Topics#ALERT_DELIVERIES})
 * @param channelsTopic the channels ({@link Topics#CONTROL_CHANNELS})
 * @param groupId the consumer group of the outbox (the worker's application id + {@code -outbox})
 * @param threads delivery threads shared by every channel ({@code OBSERA_ALERT_DELIVERY_THREADS},
 *     default 8)
 * @param queueCapacity notifications waiting per channel before the outbox partitions that feed it
 *     are paused ({@code OBSERA_ALERT_QUEUE_CAPACITY}, default 1000)
 * @param redeliveryDelay wait before a notification whose delivery gave up (receiver down, circuit
 *     open) is tried again ({@code OBSERA_ALERT_REDELIVERY_MS}, default 10000)
 * @param missingChannelGrace how long a notification for an unknown channel waits for the channel
 *     to appear before it fails as deleted ({@code OBSERA_ALERT_MISSING_CHANNEL_GRACE_MS}, default
 *     30000)
 * @param commitInterval how often the outbox offsets are committed ({@code
 *     OBSERA_ALERT_OUTBOX_COMMIT_MS}, default 1000)
 */
public record OutboxConfig(
    String notificationsTopic,
    String deliveriesTopic,
    String channelsTopic,
    String groupId,
    int threads,
    int queueCapacity,
    Duration redeliveryDelay,
    Duration missingChannelGrace,
    Duration commitInterval) {

  public OutboxConfig {
    ConfigSupport.requireNonBlank("outbox topic", notificationsTopic);
    ConfigSupport.requireNonBlank("deliveries topic", deliveriesTopic);
    ConfigSupport.requireNonBlank("channels topic", channelsTopic);
    ConfigSupport.requireNonBlank("OBSERA_ALERT_APPLICATION_ID", groupId);
    ConfigSupport.requireRange("OBSERA_ALERT_DELIVERY_THREADS", threads, 1, 256);
    ConfigSupport.requireRange("OBSERA_ALERT_QUEUE_CAPACITY", queueCapacity, 1, 1_000_000);
    ConfigSupport.requirePositive("OBSERA_ALERT_REDELIVERY_MS", redeliveryDelay);
    ConfigSupport.requirePositive("OBSERA_ALERT_MISSING_CHANNEL_GRACE_MS", missingChannelGrace);
    ConfigSupport.requirePositive("OBSERA_ALERT_OUTBOX_COMMIT_MS", commitInterval);
  }

  public static OutboxConfig fromEnv(Map<String, String> env, String applicationId) {
    return new OutboxConfig(
        Topics.ALERT_NOTIFICATIONS,
        Topics.ALERT_DELIVERIES,
        Topics.CONTROL_CHANNELS,
        applicationId + "-outbox",
        ConfigSupport.intVar(env, "OBSERA_ALERT_DELIVERY_THREADS", 8),
        ConfigSupport.intVar(env, "OBSERA_ALERT_QUEUE_CAPACITY", 1000),
        millis(env, "OBSERA_ALERT_REDELIVERY_MS", 10_000),
        millis(env, "OBSERA_ALERT_MISSING_CHANNEL_GRACE_MS", 30_000),
        millis(env, "OBSERA_ALERT_OUTBOX_COMMIT_MS", 1_000));
  }

  /** The same settings on other topics (tests use topics of their own). */
  public OutboxConfig withTopics(String notifications, String deliveries, String channels) {
    return new OutboxConfig(
        notifications,
        deliveries,
        channels,
        groupId,
        threads,
        queueCapacity,
        redeliveryDelay,
        missingChannelGrace,
        commitInterval);
  }

  private static Duration millis(Map<String, String> env, String name, long defaultMillis) {
    return Duration.ofMillis(ConfigSupport.longVar(env, name, defaultMillis));
  }
}
