package io.obsera.alert.outbox;

import io.obsera.alert.delivery.DeliveryOutcome;
import io.obsera.model.alert.AlertState;
import io.obsera.model.alert.channel.ChannelType;
import java.time.Instant;
import java.util.List;

/**
 * The end of one notification's delivery to one channel, on {@link
 * io.obsera.model.Topics#ALERT_DELIVERIES} (JSON, key {@code deliveryId|channelId}): delivered, or
 * failed for good (rejected by the receiver, refused by the SSRF rule, channel deleted or broken).
 * The ClickHouse writer stores it in {@code alert_deliveries}, each alert's delivery history.
 *
 * @param fingerprint the notification's fingerprint (its group's key)
 * @param outcome the last {@link io.obsera.alert.delivery.Deliverer} outcome; null when no attempt
 *     was made (channel deleted or broken)
 * @param error the last failure as the sender reported it (no channel secret: senders never put a
 *     URL, key or token in it); null when delivered
 * @param alerts the fingerprints of the alerts the notification told about ({@link
 *     io.obsera.alert.notify.Notification#alerts()}); empty in records of earlier versions
 * @param state what the notification said: firing or resolved; null in records of earlier versions
 * @param channelType the channel's type; null when unknown (deleted) or in earlier records
 * @param channelName the channel's name when delivered; null when unknown or in earlier records
 * @param test a channel test, not an alert's notification (false in earlier records)
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
    Instant time,
    List<String> alerts,
    AlertState state,
    ChannelType channelType,
    String channelName,
    boolean test) {

  public DeliveryRecord {
    alerts = alerts == null ? List.of() : List.copyOf(alerts);
  }

  /** A record as earlier versions wrote it (no alerts, state or channel details). */
  public DeliveryRecord(
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
    this(
        deliveryId,
        tenantId,
        channelId,
        fingerprint,
        sequence,
        status,
        outcome,
        attempts,
        lastStatus,
        error,
        time,
        List.of(),
        null,
        null,
        null,
        false);
  }

  /** Delivered, or failed for good. */
  public enum Status {
    DELIVERED,
    FAILED
  }

  public String key() {
    return deliveryId + "|" + channelId;
  }
}
