package io.obsera.alert.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.obsera.alert.notify.Link;
import io.obsera.alert.notify.Notification;
import io.obsera.alert.outbox.OutboxRecord;
import io.obsera.model.Topics;
import io.obsera.model.alert.AlertEvent;
import io.obsera.model.alert.AlertState;
import io.obsera.model.alert.Severity;
import io.obsera.model.control.LabelMatcher;
import io.obsera.testing.TestControlKeys;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutingTopologyTest extends RoutingDriverFixture {
  static final Map<String, String> CHECKOUT =
      Map.of("rule", "checkout-burn", "slo", "checkout-availability", "service", "checkout");

  @Test
  void should_notifyOnlyAfterGroupWait_thenChangesEveryGroupInterval_andRepeatWhenUnchanged() {
    channel("ops");
    fire("fp-a", Severity.PAGE, CHECKOUT);

    at(WAIT.minusSeconds(1));
    assertThat(drain()).isEmpty();
    at(WAIT);
    List<OutboxRecord> first = drain();
    assertThat(first).hasSize(1);
    Notification n1 = first.get(0).notification();
    assertThat(n1.title()).isEqualTo("[FIRING:1] checkout availability");
    assertThat(n1.sequence()).isEqualTo(1);
    assertThat(n1.state()).isEqualTo(AlertState.FIRING);
    assertThat(first.get(0).channelId()).isEqualTo("ops");

    // a second alert of the group fires: told at the next group interval, not before
    at(WAIT.plusSeconds(40));
    fire("fp-b", Severity.TICKET, Map.of("rule", "checkout-burn", "service", "checkout"));
    at(WAIT.plus(INTERVAL).minusSeconds(1));
    assertThat(drain()).isEmpty();
    at(WAIT.plus(INTERVAL));
    Notification n2 = single();
    assertThat(n2.title()).isEqualTo("[FIRING:2] checkout availability");
    assertThat(n2.sequence()).isEqualTo(2);
    assertThat(n2.severity()).isEqualTo(Severity.PAGE);
    assertThat(n2.fingerprint()).isEqualTo(n1.fingerprint());
    assertThat(n2.alertKey()).isEqualTo(n1.alertKey());

    // unchanged: nothing at the following intervals, a repeat once repeatInterval has passed
    Duration lastNotified = WAIT.plus(INTERVAL);
    Duration t = lastNotified;
    while (t.plus(INTERVAL).compareTo(lastNotified.plus(REPEAT)) < 0) {
      t = t.plus(INTERVAL);
      at(t);
      assertThat(drain()).as("at %s", t).isEmpty();
    }
    at(lastNotified.plus(REPEAT));
    Notification repeat = single();
    assertThat(repeat.sequence()).isEqualTo(3);
    assertThat(repeat.title()).isEqualTo("[FIRING:2] checkout availability");
  }

  @Test
  void should_sendOneResolvedNotice_whenEveryAlertResolved_thenDropTheGroup() {
    channel("ops");
    fire("fp-a", Severity.PAGE, CHECKOUT);
    fire("fp-b", Severity.PAGE, CHECKOUT);
    at(WAIT);
    Notification firing = single();
    assertThat(firing.title()).isEqualTo("[FIRING:2] checkout availability");
    assertThat(firing.alerts()).as("the group's alerts").containsExactly("fp-a", "fp-b");

    at(WAIT.plusSeconds(10));
    resolve("fp-a", Severity.PAGE, CHECKOUT);
    at(WAIT.plus(INTERVAL));
    Notification partly = single();
    assertThat(partly.state()).isEqualTo(AlertState.FIRING);
    assertThat(partly.title()).isEqualTo("[FIRING:1] checkout availability");
    assertThat(partly.summary()).contains("Resolved (1)");
    assertThat(partly.alerts()).as("fp-a's resolve is told here").containsExactly("fp-a", "fp-b");

    resolve("fp-b", Severity.PAGE, CHECKOUT);
    at(WAIT.plus(INTERVAL).plus(INTERVAL));
    Notification resolved = single();
    assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
    assertThat(resolved.title()).isEqualTo("[RESOLVED] checkout availability");
    assertThat(resolved.sequence()).isEqualTo(3);
    assertThat(resolved.alerts()).containsExactly("fp-b");
    assertThat(resolved.endsAt()).isEqualTo(T0.plus(WAIT).plus(INTERVAL));
    assertThat(resolved.alertKey()).isEqualTo(firing.alertKey());
    assertThat(resolved.deliveryId()).isNotEqualTo(firing.deliveryId());

    at(WAIT.plus(REPEAT).plus(REPEAT));
    assertThat(drain()).isEmpty();
    assertThat(driver.getKeyValueStore(RoutingTopology.GROUPS_STORE).all().hasNext()).isFalse();

    // the same group again later: the count goes on, so no delivery id repeats
    fire("fp-a", Severity.PAGE, CHECKOUT);
    advance(WAIT);
    Notification again = single();
    assertThat(again.fingerprint()).isEqualTo(firing.fingerprint());
    assertThat(again.sequence()).isEqualTo(4);
  }

  @Test
  void should_sendNothing_whenTheOnlyAlertResolvesWithinGroupWait() {
    channel("ops");
    fire("fp-a", Severity.PAGE, CHECKOUT);
    at(WAIT.minusSeconds(5));
    resolve("fp-a", Severity.PAGE, CHECKOUT);
    at(WAIT.plus(REPEAT));
    assertThat(drain()).isEmpty();
  }

  @Test
  void should_sendToEveryChannelWithOneDeliveryId_whenTenantHasNoRouting() {
    channel("hook");
    channel("pager");
    fire("fp-a", Severity.PAGE, CHECKOUT);
    at(WAIT);
    List<OutboxRecord> out = outbox.readRecordsToList().stream().map(r -> r.value()).toList();
    assertThat(out).extracting(OutboxRecord::channelId).containsExactlyInAnyOrder("hook", "pager");
    assertThat(out)
        .extracting(r -> r.notification().deliveryId())
        .containsOnly(out.get(0).notification().deliveryId());
    assertThat(out)
        .extracting(OutboxRecord::key)
        .containsExactlyInAnyOrder("acme|hook", "acme|pager");
  }

  @Test
  void should_routeBySeverityAndLabels_andContinueMatching() {
    channel("pager");
    channel("slack");
    channel("email");
    routing(
        List.of(
            route(List.of(new LabelMatcher("severity", "=", "page")), List.of("pager"), true),
            route(
                List.of(
                    new LabelMatcher("severity", "=~", "page|ticket"),
                    new LabelMatcher("service", "!=", "batch")),
                List.of("slack"),
                false),
            route(List.of(new LabelMatcher("severity", "=", "ticket")), List.of("pager"), false)),
        List.of("email"));
    fire("page", Severity.PAGE, Map.of("rule", "r-page", "service", "checkout"));
    fire("ticket", Severity.TICKET, Map.of("rule", "r-ticket", "service", "checkout"));
    fire("batch", Severity.TICKET, Map.of("rule", "r-batch", "service", "batch"));
    fire("info", Severity.INFO, Map.of("rule", "r-info", "service", "checkout"));
    at(WAIT);
    Map<String, List<String>> byRule =
        drain().stream()
            .collect(
                java.util.stream.Collectors.groupingBy(
                    r -> r.notification().alertId(),
                    java.util.stream.Collectors.mapping(
                        OutboxRecord::channelId, java.util.stream.Collectors.toList())));
    assertThat(byRule.get("r-page")).containsExactlyInAnyOrder("pager", "slack");
    assertThat(byRule.get("r-ticket")).containsExactly("slack");
    assertThat(byRule.get("r-batch")).containsExactly("pager");
    assertThat(byRule.get("r-info")).containsExactly("email");
  }

  @Test
  void should_dropReplayedEvents_andTreatANewFiringAsNew() {
    channel("ops");
    AlertEvent first = fire("fp-a", Severity.PAGE, CHECKOUT);
    AlertEvent update = fire("fp-a", Severity.PAGE, CHECKOUT);
    replay(first);
    replay(update);
    replay(first);
    at(WAIT);
    assertThat(single().title()).isEqualTo("[FIRING:1] checkout availability");
    assertThat(routing.duplicateEvents()).isEqualTo(3);

    resolve("fp-a", Severity.PAGE, CHECKOUT);
    at(WAIT.plus(INTERVAL));
    assertThat(single().state()).isEqualTo(AlertState.RESOLVED);
    replay(first); // an old firing again: not news
    at(WAIT.plus(INTERVAL).plus(INTERVAL));
    assertThat(drain()).isEmpty();

    // the same fingerprint firing anew (later startsAt) is a new alert life
    send("fp-a", Severity.PAGE, AlertState.FIRING, CHECKOUT, clock.instant());
    advance(WAIT);
    assertThat(single().title()).isEqualTo("[FIRING:1] checkout availability");
  }

  @Test
  void should_describeTheGroup_withSummaryCommonLabelsAndDeepLinks() {
    channel("ops");
    fire("fp-a", Severity.PAGE, CHECKOUT);
    at(WAIT);
    Notification n = single();
    assertThat(n.summary())
        .contains("Firing (1):")
        .contains("Burn rate 20.0 over 1h and 19.0 over 5m")
        .contains("value 20.0")
        .contains("since 2026-11-27T03:00:00Z")
        .contains("slo=checkout-availability");
    assertThat(n.labels()).containsEntry("service", "checkout").containsEntry("severity", "page");
    assertThat(n.links())
        .extracting(Link::url)
        .containsExactly(
            "https://obsera.example.com/api/v1/alerts",
            "https://obsera.example.com/api/v1/slos/checkout-availability/budget",
            "https://obsera.example.com/api/v1/timeline?service=checkout");
    assertThat(n.alertId()).isEqualTo("checkout-burn");
  }

  @Test
  void should_skipMalformedEventsAndControlRecords_andKeepRouting() {
    channel("ops");
    events.pipeInput("acme|fp-x", "not json".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    String badRegex =
        "{\"tenantId\":\"acme\",\"routes\":[{\"matchers\":[{\"label\":\"severity\","
            + "\"op\":\"=~\",\"value\":\"(\"}],\"channels\":[\"nowhere\"]}]}";
    routings.pipeInput(
        TestControlKeys.record(
            Topics.CONTROL_ALERT_ROUTING,
            TENANT,
            badRegex.getBytes(java.nio.charset.StandardCharsets.UTF_8),
            null));
    fire("fp-a", Severity.PAGE, CHECKOUT);
    at(WAIT);
    assertThat(single().title()).isEqualTo("[FIRING:1] checkout availability");
    assertThat(routing.skippedEvents()).isEqualTo(1);
    assertThat(routing.skippedControlRecords()).isEqualTo(1);
  }

  Notification single() {
    List<OutboxRecord> out = drain();
    assertThat(out).hasSize(1);
    return out.get(0).notification();
  }
}
