package io.obsera.alert.outbox;

import io.obsera.alert.notify.Notification;

/**
 * One notification for one channel, as the routing topology writes it to {@link
 * io.obsera.model.Topics#ALERT_NOTIFICATIONS} (JSON, key {@link #key()}: {@code tenant|channelId})
 * in the same transaction as the group state that decided it.
 *
 * @param test a channel test ({@code POST /api/v1/channels/{id}/test}, written by the query
 *     service): delivered once through the same path, its end recorded even when a later attempt
 *     could succeed, so a test is never redelivered (absent in records of earlier versions: false)
 */
public record OutboxRecord(String channelId, Notification notification, boolean test) {
  public OutboxRecord(String channelId, Notification notification) {
    this(channelId, notification, false);
  }

  public String key() {
    return notification.tenantId() + "|" + channelId;
  }

  /** What identifies this delivery on {@link io.obsera.model.Topics#ALERT_DELIVERIES}. */
  public String deliveryKey() {
    return notification.deliveryId() + "|" + channelId;
  }
}
