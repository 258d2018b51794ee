package io.obsera.alert.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.alert.TestNotifications;
import io.obsera.alert.notify.Notification;
import io.obsera.alert.receiver.SlackReceiver;
import io.obsera.model.Json;
import io.obsera.model.alert.AlertState;
import io.obsera.model.alert.Severity;
import io.obsera.model.alert.channel.SlackChannel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SlackDeliveryIT {
  private final SlackReceiver receiver = new SlackReceiver();
  private final Deliverer deliverer = new Deliverer(TestNotifications.fast(), Clock.systemUTC());

  @AfterEach
  void stop() {
    deliverer.close();
    receiver.close();
  }

  private SlackChannel channel() {
    return new SlackChannel("team-slack", receiver.url(SlackReceiver.PATH));
  }

  @Test
  void should_postReadableBlocksWithLinks_whenAlertFires() throws Exception {
    Notification n = TestNotifications.firing("fp-slack", 1);

    DeliveryResult result = deliverer.deliver(n, channel());

    assertThat(result.outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
    JsonNode body = Json.MAPPER.readTree(receiver.accepted().get(0).body());
    assertThat(body.path("text").asText()).contains("[FIRING] [PAGE]").contains(n.title());
    List<String> types = new ArrayList<>();
    body.path("blocks").forEach(b -> types.add(b.path("type").asText()));
    assertThat(types).containsExactly("header", "section", "section", "context", "actions");
    assertThat(body.path("blocks").get(0).path("text").path("text").asText())
        .isEqualTo("[FIRING] [PAGE] " + n.title());
    assertThat(body.path("blocks").get(1).path("text").path("text").asText())
        .contains("&lt;fast&gt; &amp; the 1h window");
    JsonNode buttons = body.path("blocks").get(4).path("elements");
    assertThat(buttons.get(0).path("url").asText()).isEqualTo(n.links().get(0).url());
    assertThat(buttons.get(1).path("text").path("text").asText()).isEqualTo("Traces");
    assertThat(body.path("blocks").get(3).toString()).contains("service=checkout");
  }

  @Test
  void should_stayWithinSlackLimits_whenTitleIsLongAndAlertResolved() throws Exception {
    Notification n =
        Notification.of(
            "acme",
            "a",
            "fp-long",
            2,
            AlertState.RESOLVED,
            Severity.TICKET,
            "x".repeat(200),
            "",
            Map.of(),
            List.of(),
            TestNotifications.STARTS,
            TestNotifications.ENDS);

    DeliveryResult result = deliverer.deliver(n, channel());

    assertThat(result.outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
    JsonNode body = Json.MAPPER.readTree(receiver.accepted().get(0).body());
    assertThat(body.path("blocks").get(0).path("text").path("text").asText())
        .hasSize(150)
        .startsWith("[RESOLVED] xxx");
    assertThat(body.path("blocks").get(1).toString()).contains("*Resolved*");
  }
}
