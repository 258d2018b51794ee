/**
 * The durable queue between routing and delivery: {@link io.obsera.alert.outbox.OutboxRecord}s (a
 * notification for one channel) on {@code obsera.alerts.notifications}, worked by {@link
 * io.obsera.alert.outbox.OutboxDeliveryLoop} per channel in order, each end written as a {@link
 * io.obsera.alert.outbox.DeliveryRecord} on {@code obsera.alerts.deliveries}. It decides when a
 * notification is tried again and when it failed for good, and leaves each delivery itself to
 * {@code delivery}.
 */
package io.obsera.alert.outbox;
