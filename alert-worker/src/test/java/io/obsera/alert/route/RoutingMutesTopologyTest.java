package io.obsera.alert.route;

import static org.assertj.core.api.Assertions.assertThat;

import io.obsera.alert.notify.Notification;
import io.obsera.alert.outbox.OutboxRecord;
import io.obsera.model.Topics;
import io.obsera.model.alert.AlertState;
import io.obsera.model.alert.Severity;
import io.obsera.model.control.LabelMatcher;
import io.obsera.testing.TestControlKeys;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Silences and inhibition, at flush time. */
class RoutingMutesTopologyTest extends RoutingDriverFixture {
  static final Map<String, String> CHECKOUT =
      Map.of("rule", "checkout-burn", "slo", "checkout-availability", "service", "checkout");
  static final LabelMatcher CHECKOUT_SERVICE = new LabelMatcher("service", "=", "checkout");

  @Test
  void should_notNotify_whileAnActiveSilenceMatches_andNotifyOnceItExpired() {
    channel("ops");
    silence("s1", T0.minusSeconds(60), T0.plus(Duration.ofMinutes(20)), CHECKOUT_SERVICE);
    fire("fp-a", Severity.PAGE, CHECKOUT);
    at(WAIT);
    assertThat(drain()).isEmpty();
    at(WAIT.plus(INTERVAL).plus(INTERVAL));
    assertThat(drain()).isEmpty();

    // the silence ended at +20 min: the next flush (+30 s + 4 intervals) tells
    at(WAIT.plus(INTERVAL.multipliedBy(4)));
    Notification n = single();
    assertThat(n.title()).isEqualTo("[FIRING:1] checkout availability");
    assertThat(n.sequence()).isEqualTo(1);
  }

  @Test
  void should_notify_whenTheSilenceIsExpiredOrPendingOrDoesNotMatch() {
    channel("ops");
    silence("expired", T0.minusSeconds(3600), T0.minusSeconds(60), CHECKOUT_SERVICE);
    silence(
        "pending", T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(2)), CHECKOUT_SERVICE);
    silence(
        "other",
        T0.minusSeconds(60),
        T0.plus(Duration.ofHours(2)),
        new LabelMatcher("service", "=", "search"));
    fire("fp-a", Severity.PAGE, CHECKOUT);
    at(WAIT);
    assertThat(single().state()).isEqualTo(AlertState.FIRING);
  }

  @Test
  void should_sendNoResolve_forAnAlertSilencedItsWholeLife() {
    channel("ops");
    silence("s1", T0.minusSeconds(60), T0.plus(Duration.ofHours(1)), CHECKOUT_SERVICE);
    fire("fp-a", Severity.PAGE, CHECKOUT);
    at(WAIT.plus(INTERVAL));
    resolve("fp-a", Severity.PAGE, CHECKOUT);
    at(WAIT.plus(INTERVAL).plus(INTERVAL));
    at(WAIT.plus(Duration.ofHours(2)));
    assertThat(drain()).isEmpty();
  }

  /**
   * Our call, documented in the README: a ticket inhibited by a page of the same SLO is notified at
   * the first flush after the page resolved, if it still fires (it is still true and nothing covers
   * it any more).
   */
  @Test
  void should_muteTheTicketOfTheSameSlo_whileThePageFires_andTellItAfterThePageResolved() {
    channel("ops");
    fire("page", Severity.PAGE, CHECKOUT);
    fire("ticket", Severity.TICKET, CHECKOUT);
    fire(
        "other-slo",
        Severity.TICKET,
        Map.of("rule", "checkout-burn", "slo", "checkout-latency", "service", "checkout"));
    at(WAIT);
    Notification first = single();
    assertThat(first.title()).isEqualTo("[FIRING:2] checkout availability");
    assertThat(first.summary()).contains("[page]").contains("[ticket]");
    assertThat(first.summary().lines().filter(l -> l.startsWith("- ")).count()).isEqualTo(2);
    assertThat(first.labels()).doesNotContainKey("slo");

    at(WAIT.plusSeconds(10));
    resolve("page", Severity.PAGE, CHECKOUT);
    at(WAIT.plus(INTERVAL));
    Notification after = single();
    assertThat(after.state()).isEqualTo(AlertState.FIRING);
    assertThat(after.title()).isEqualTo("[FIRING:2] checkout availability");
    assertThat(after.severity()).isEqualTo(Severity.TICKET);
    assertThat(after.summary()).contains("Resolved (1)");
  }

  @Test
  void should_followTheTenantsInhibitRules_whenItsRoutingHasThem() {
    channel("ops");
    routings.pipeInput(
        TestControlKeys.record(
            Topics.CONTROL_ALERT_ROUTING,
            TENANT,
            json(
                new io.obsera.model.control.AlertRouting(
                    TENANT,
                    List.of(),
                    List.of("ops"),
                    List.of("slo"),
                    null,
                    null,
                    null,
                    List.of(),
                    T0,
                    "test")),
            null));
    fire("page", Severity.PAGE, CHECKOUT);
    fire("ticket", Severity.TICKET, CHECKOUT);
    at(WAIT);
    List<OutboxRecord> out = drain();
    assertThat(out).hasSize(1);
    assertThat(out.get(0).notification().title()).isEqualTo("[FIRING:2] checkout availability");
  }

  Notification single() {
    List<OutboxRecord> out = drain();
    assertThat(out).hasSize(1);
    return out.get(0).notification();
  }
}
