/**
 * The message itself: {@link io.obsera.alert.notify.Notification} (with its {@link
 * io.obsera.alert.notify.Link}s), one message about one alert, built by {@code route}, carried in
 * the {@code outbox}, handed to {@code delivery} and rendered by {@code send}. Its delivery id is
 * the idempotency key that makes a repeat recognisable at the receiver. Besides validation and the
 * ids, only {@link io.obsera.alert.notify.TextLimits}: the one way its texts are cut to a length
 * limit, by the composer and by the senders alike.
 */
package io.obsera.alert.notify;
