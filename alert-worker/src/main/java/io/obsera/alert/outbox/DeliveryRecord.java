package io.obsera.alert.outbox;

import io.obsera.alert.delivery.DeliveryOutcome;
import java.time.Instant;

/**
 * The end of one notification's delivery to one channel, on {@link
 * io.obsera.model.Topics#ALERT_DELIVERIES} (JSON, key {@code deliveryId|channelId}): delivered, or
 * failed for good (rejected by the receiver, refused by the SSRF rule, channel deleted or broken).
 *
 * @param outcome the last {@link io.obsera.alert.delivery.Deliverer} outcome; null when no attempt
 *     was made (channel deleted or broken)
 */
public record DeliveryRecord(
    String deliveryId,
    String tenantId,
    String channelId,
    String fingerprint,
    long sequence,
    Status status,
    DeliveryOutcome outcome,
    int attempts,
    int lastStatus,
    String error,
    Instant time) {

  /** Delivered, or failed for good. */
  public enum Status {
    DELIVERED,
    FAILED
  }

  public String key() {
    return deliveryId + "|" + channelId;
  }
}
