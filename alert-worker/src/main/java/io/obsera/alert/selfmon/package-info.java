/**
 * Self-monitoring: {@code SelfMonitor} samples Obsera's own health (Kafka, ClickHouse, the writer's
 * consumer lag, the dead-letter topic, broker disk, failed deliveries) on an interval, {@code
 * SelfChecks} and {@code SelfAlertEvaluator} turn the samples into alerts of the reserved tenant
 * {@code _operator}, published on {@code obsera.alerts.events} like every other alert, so the
 * normal routing delivers them to the operator's channels.
 */
package io.obsera.alert.selfmon;
