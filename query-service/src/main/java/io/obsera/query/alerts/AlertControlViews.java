package io.obsera.query.alerts;

import io.obsera.model.Topics;
import io.obsera.model.control.AlertRouting;
import io.obsera.model.control.AlertRule;
import io.obsera.model.control.ChannelRecord;
import io.obsera.model.control.Silence;
import io.obsera.platform.control.ControlVerifier;
import io.obsera.platform.control.KeyedTopicView;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * This service's views of the alerting control-plane topics (alert rules, channels, silences,
 * routing), each read from the beginning and kept current. A record that does not validate, or
 * whose key does not match it, is skipped (the previous value stays), as for SLOs.
 */
public final class AlertControlViews implements AutoCloseable {
  private final KeyedTopicView<AlertRule> rules;
  private final KeyedTopicView<ChannelRecord> channels;
  private final KeyedTopicView<Silence> silences;
  private final KeyedTopicView<AlertRouting> routing;

  public AlertControlViews(
      String bootstrapServers, Map<String, String> kafkaOverrides, ControlVerifier verifier) {
    this.rules =
        new KeyedTopicView<>(
            bootstrapServers,
            kafkaOverrides,
            verifier,
            Topics.CONTROL_ALERT_RULES,
            AlertRule.class,
            KeyedTopicView.sound("alert rule", AlertRule::validate, AlertRule::key));
    this.channels =
        new KeyedTopicView<>(
            bootstrapServers,
            kafkaOverrides,
            verifier,
            Topics.CONTROL_CHANNELS,
            ChannelRecord.class,
            KeyedTopicView.sound(
                "channel",
                c -> c.type() == null ? List.of("field 'type' is required") : List.of(),
                ChannelRecord::key));
    this.silences =
        new KeyedTopicView<>(
            bootstrapServers,
            kafkaOverrides,
            verifier,
            Topics.CONTROL_SILENCES,
            Silence.class,
            KeyedTopicView.sound("silence", Silence::validate, Silence::key));
    this.routing =
        new KeyedTopicView<>(
            bootstrapServers,
            kafkaOverrides,
            verifier,
            Topics.CONTROL_ALERT_ROUTING,
            AlertRouting.class,
            KeyedTopicView.sound("alert routing", AlertRouting::validate, AlertRouting::tenantId));
  }

  public AlertControlViews start() {
    rules.start();
    channels.start();
    silences.start();
    routing.start();
    return this;
  }

  /** Waits until everything that was in the four topics at start has been read. */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (KeyedTopicView<?> v : List.of(rules, channels, silences, routing)) {
      if (!v.awaitCaughtUp(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
        return false;
      }
    }
    return true;
  }

  /** Whether everything that was in the four topics at start has been read (no wait). */
  public boolean isCaughtUp() {
    return List.of(rules, channels, silences, routing).stream()
        .allMatch(KeyedTopicView::isCaughtUp);
  }

  /** Why views of the four topics no longer read them (naming each topic), if any stopped. */
  public Optional<String> stopped() {
    return KeyedTopicView.stoppedOf(List.of(rules, channels, silences, routing));
  }

  public Optional<AlertRule> rule(String tenant, String id) {
    return rules.get(AlertRule.key(tenant, id));
  }

  public List<AlertRule> rulesOf(String tenant) {
    return of(rules, tenant, AlertRule::tenantId, AlertRule::id);
  }

  public Optional<ChannelRecord> channel(String tenant, String id) {
    return channels.get(ChannelRecord.key(tenant, id));
  }

  public List<ChannelRecord> channelsOf(String tenant) {
    return of(channels, tenant, ChannelRecord::tenantId, ChannelRecord::id);
  }

  public Optional<Silence> silence(String tenant, String id) {
    return silences.get(Silence.key(tenant, id));
  }

  public List<Silence> silencesOf(String tenant) {
    return of(silences, tenant, Silence::tenantId, Silence::id);
  }

  /** The tenant's stored routing, if it stored one. */
  public Optional<AlertRouting> routing(String tenant) {
    return routing.get(tenant);
  }

  /** The tenant's values (keys {@code tenant|id}), ordered by id. */
  private static <V> List<V> of(
      KeyedTopicView<V> view,
      String tenant,
      Function<V, String> tenantOf,
      Function<V, String> idOf) {
    return view.withKeyPrefix(tenant + "|").stream()
        .filter(v -> tenant.equals(tenantOf.apply(v)))
        .sorted(Comparator.comparing(idOf))
        .toList();
  }

  @Override
  public void close() {
    rules.close();
    channels.close();
    silences.close();
    routing.close();
  }
}
