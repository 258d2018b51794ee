/**
 * One attempt, one vendor: {@link io.obsera.alert.send.Senders} picks the sender of the channel's
 * type, renders the notification for it and sends it once through the SSRF-guarded HTTP or SMTP
 * client; a failure is a {@link io.obsera.platform.send.DeliveryException} saying whether trying
 * again can help. Retrying is {@code delivery}'s job, not this package's.
 */
package io.obsera.alert.send;
