package io.obsera.alert.outbox;

import io.obsera.alert.notify.Notification;

/**
 * One notification for one channel, as the routing topology writes it to {@link
 * io.obsera.model.Topics#ALERT_NOTIFICATIONS} (JSON, key {@link #key()}: {@code tenant|channelId})
 * in the same transaction as the group state that decided it.
 */
public record OutboxRecord(String channelId, Notification notification) {
  public String key() {
    return notification.tenantId() + "|" + channelId;
  }

  /** What identifies this delivery on {@link io.obsera.model.Topics#ALERT_DELIVERIES}. */
  public String deliveryKey() {
    return notification.deliveryId() + "|" + channelId;
  }
}
