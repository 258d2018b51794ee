/**
 * One delivery of a notification to a channel, start to end: {@link
 * io.obsera.alert.delivery.Deliverer} makes attempts through {@code send} with retries, backoff and
 * a circuit breaker per destination, and returns how it ended ({@link
 * io.obsera.alert.delivery.DeliveryResult}); it never touches Kafka (the {@code outbox} records the
 * result).
 */
package io.obsera.alert.delivery;
