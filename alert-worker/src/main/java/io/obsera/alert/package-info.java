/**
 * The alert worker: from facts on Kafka to messages at the receivers, in five steps.
 *
 * <ol>
 *   <li>{@code evaluate}: rules are checked against burn rates, RED minutes and metric points, and
 *       outage events become alerts; alerts that fire or resolve go to {@code
 *       obsera.alerts.events}.
 *   <li>{@code route}: alert events are grouped, silenced and inhibited per the tenant's routing;
 *       each group flush composes one {@code notify.Notification} and writes it once per channel to
 *       the outbox, {@code obsera.alerts.notifications}, in the same exactly-once transaction as
 *       the group state.
 *   <li>{@code outbox}: the delivery loop reads the outbox, queues each record per channel, skips
 *       what was already decided and records every end on {@code obsera.alerts.deliveries} before
 *       committing past it.
 *   <li>{@code delivery}: one delivery of a notification to a channel, with retries, backoff and a
 *       circuit breaker per destination.
 *   <li>{@code send}: one attempt over the vendor's protocol (webhook, Slack, PagerDuty, SendGrid,
 *       SMTP, Twilio) through the SSRF guard.
 * </ol>
 *
 * {@code notify} holds the message the last four steps pass along; {@code worker} assembles the
 * steps into one application ({@code AlertWorker}, one Kafka Streams app for evaluate and route,
 * plus the outbox loop), and {@link io.obsera.alert.Main} runs it alone.
 */
package io.obsera.alert;
