package io.obsera.alert.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.alert.TestNotifications;
import io.obsera.alert.notify.Notification;
import io.obsera.alert.receiver.PagerDutyReceiver;
import io.obsera.model.Json;
import io.obsera.model.alert.channel.PagerDutyChannel;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PagerDutyDeliveryIT {
  private static final String ROUTING_KEY = "R0123456789abcdef0123456789abcde";
  private final PagerDutyReceiver receiver = new PagerDutyReceiver();
  private final Deliverer deliverer = new Deliverer(TestNotifications.fast(), Clock.systemUTC());

  @AfterEach
  void stop() {
    deliverer.close();
    receiver.close();
  }

  private PagerDutyChannel channel() {
    return new PagerDutyChannel("oncall", ROUTING_KEY, receiver.url(PagerDutyReceiver.PATH));
  }

  @Test
  void should_triggerThenResolveOneAlert_withTheSameDedupKey() throws Exception {
    Notification fire = TestNotifications.firing("fp-pd", 1);
    Notification update = TestNotifications.firing("fp-pd", 2);
    Notification resolve = TestNotifications.resolved("fp-pd", 3);

    assertThat(deliverer.deliver(fire, channel()).outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
    assertThat(receiver.alerts()).isEqualTo(Map.of(fire.alertKey(), "triggered"));
    assertThat(deliverer.deliver(update, channel()).delivered()).isTrue();
    assertThat(deliverer.deliver(resolve, channel()).delivered()).isTrue();

    assertThat(receiver.accepted()).hasSize(3);
    JsonNode trigger = Json.MAPPER.readTree(receiver.accepted().get(0).body());
    JsonNode resolved = Json.MAPPER.readTree(receiver.accepted().get(2).body());
    assertThat(trigger.path("event_action").asText()).isEqualTo("trigger");
    assertThat(trigger.path("routing_key").asText()).isEqualTo(ROUTING_KEY);
    assertThat(trigger.path("payload").path("severity").asText()).isEqualTo("critical");
    assertThat(trigger.path("payload").path("source").asText()).isEqualTo("checkout");
    assertThat(trigger.path("payload").path("summary").asText()).isEqualTo(fire.title());
    assertThat(trigger.path("links").get(0).path("href").asText())
        .isEqualTo(fire.links().get(0).url());
    assertThat(resolved.path("event_action").asText()).isEqualTo("resolve");
    assertThat(resolved.path("dedup_key").asText())
        .isEqualTo(trigger.path("dedup_key").asText())
        .isEqualTo(fire.alertKey());
    assertThat(receiver.alerts()).isEqualTo(Map.of(fire.alertKey(), "resolved"));
  }

  @Test
  void should_retryAndKeepTheDedupKey_whenPagerDutyThrottles() throws Exception {
    receiver.failNext(1, 429, "0");
    Notification fire = TestNotifications.firing("fp-pd-429", 1);

    DeliveryResult result = deliverer.deliver(fire, channel());

    assertThat(result.outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
    assertThat(result.attempts()).isEqualTo(2);
    assertThat(receiver.exchanges()).hasSize(2);
    for (var e : receiver.exchanges()) {
      assertThat(Json.MAPPER.readTree(e.request().body()).path("dedup_key").asText())
          .isEqualTo(fire.alertKey());
    }
  }
}
