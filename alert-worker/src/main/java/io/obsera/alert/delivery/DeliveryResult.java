package io.obsera.alert.delivery;

import io.obsera.model.alert.channel.ChannelType;
import java.time.Duration;

/**
 * The end of one {@link Deliverer#deliver} call.
 *
 * @param deliveryId the notification's idempotency key
 * @param channelId the channel delivered to
 * @param type its type
 * @param destination the remote end ({@code scheme://host:port}), no secrets
 * @param outcome how it ended
 * @param attempts attempts that reached out to the receiver (0 when the destination was refused or
 *     its circuit was open from the start)
 * @param lastStatus the last HTTP status or SMTP reply code; 0 when none arrived
 * @param lastError the last failure, with the vendor's message; null when delivered
 * @param retryAfter how long the receiver last asked to wait; null when it did not
 */
public record DeliveryResult(
    String deliveryId,
    String channelId,
    ChannelType type,
    String destination,
    DeliveryOutcome outcome,
    int attempts,
    int lastStatus,
    String lastError,
    Duration retryAfter) {

  public boolean delivered() {
    return outcome == DeliveryOutcome.DELIVERED;
  }
}
