package io.obsera.alert.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.alert.TestNotifications;
import io.obsera.alert.notify.Notification;
import io.obsera.alert.receiver.WebhookReceiver;
import io.obsera.model.Json;
import io.obsera.model.alert.channel.WebhookChannel;
import io.obsera.platform.net.TargetGuard;
import io.obsera.testing.vendor.VendorReceiver.Received;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WebhookDeliveryIT {
  private static final String SECRET = "whsec-0123456789abcdef";
  private final WebhookReceiver receiver = new WebhookReceiver(SECRET);
  private final Deliverer deliverer = new Deliverer(TestNotifications.fast(), Clock.systemUTC());

  @AfterEach
  void stop() {
    deliverer.close();
    receiver.close();
  }

  private WebhookChannel channel(String secret) {
    return new WebhookChannel("ops-hook", receiver.url("/hooks/obsera"), secret);
  }

  @Test
  void should_deliverSignedJson_whenReceiverVerifiesWithSharedSecret() throws Exception {
    Notification n = TestNotifications.firing("fp-1", 1);

    DeliveryResult result = deliverer.deliver(n, channel(SECRET));

    assertThat(result.outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
    assertThat(result.attempts()).isEqualTo(1);
    assertThat(receiver.accepted()).hasSize(1);
    Received r = receiver.accepted().get(0);
    assertThat(r.header("X-Obsera-Delivery")).isEqualTo(n.deliveryId()).hasSize(32);
    long ts = Long.parseLong(r.header("X-Obsera-Timestamp"));
    assertThat(Math.abs(Instant.now().getEpochSecond() - ts)).isLessThanOrEqualTo(30);
    assertThat(r.header("X-Obsera-Signature")).matches("sha256=[0-9a-f]{64}");
    JsonNode body = Json.MAPPER.readTree(r.body());
    assertThat(body.path("state").asText()).isEqualTo("firing");
    assertThat(body.path("severity").asText()).isEqualTo("page");
    assertThat(body.path("title").asText()).isEqualTo(n.title());
    assertThat(body.path("labels").path("service").asText()).isEqualTo("checkout");
    assertThat(body.path("links").get(1).path("url").asText()).isEqualTo(n.links().get(1).url());
    assertThat(body.path("startsAt").asText()).isEqualTo("2026-11-27T03:00:00Z");
    assertThat(body.path("endsAt").isNull()).isTrue();
  }

  @Test
  void should_carrySameDeliveryId_whenSameNotificationDeliveredTwice() {
    Notification n = TestNotifications.firing("fp-2", 3);
    Notification again = TestNotifications.firing("fp-2", 3);

    deliverer.deliver(n, channel(SECRET));
    deliverer.deliver(again, channel(SECRET));
    deliverer.deliver(TestNotifications.resolved("fp-2", 4), channel(SECRET));

    assertThat(receiver.deliveryIds())
        .containsExactly(
            n.deliveryId(), n.deliveryId(), TestNotifications.resolved("fp-2", 4).deliveryId());
    assertThat(receiver.deliveryIds().get(2)).isNotEqualTo(n.deliveryId());
  }

  @Test
  void should_rejectWithoutRetrying_whenReceiverCannotVerifySignature() {
    DeliveryResult result =
        deliverer.deliver(
            TestNotifications.firing("fp-3", 1), channel("another-secret-0123456789"));

    assertThat(result.outcome()).isEqualTo(DeliveryOutcome.REJECTED);
    assertThat(result.attempts()).isEqualTo(1);
    assertThat(result.lastStatus()).isEqualTo(401);
    assertThat(result.lastError()).contains("signature mismatch");
    assertThat(receiver.exchanges()).hasSize(1);
    assertThat(receiver.accepted()).isEmpty();
  }

  @Test
  void should_signWithTheInjectedClock_soAReceiverRefusesAStaleTimestamp() {
    Clock tenMinutesAgo =
        Clock.fixed(Instant.now().minus(Duration.ofMinutes(10)), java.time.ZoneOffset.UTC);
    Deliverer late = new Deliverer(TestNotifications.fast(), tenMinutesAgo);

    DeliveryResult result = late.deliver(TestNotifications.firing("fp-stale", 1), channel(SECRET));

    assertThat(result.outcome()).isEqualTo(DeliveryOutcome.REJECTED);
    assertThat(result.lastError()).contains("timestamp outside");
    assertThat(Long.parseLong(receiver.exchanges().get(0).request().header("X-Obsera-Timestamp")))
        .isEqualTo(tenMinutesAgo.instant().getEpochSecond());
  }

  @Test
  void should_refuseLoopbackWebhook_whenNoAllowlist() {
    DeliveryConfig strict = DeliveryConfig.fromEnv(Map.of("OBSERA_ALERT_RETRY_INITIAL_MS", "10"));
    assertThat(strict.targetGuard().isAllowed(java.net.InetAddress.getLoopbackAddress())).isFalse();
    Deliverer guarded = new Deliverer(strict, Clock.systemUTC());

    DeliveryResult byIp = guarded.deliver(TestNotifications.firing("fp-4", 1), channel(SECRET));
    WebhookChannel byName =
        new WebhookChannel("by-name", "http://localhost:" + receiver.port() + "/h", SECRET);
    DeliveryResult byHostName = guarded.deliver(TestNotifications.firing("fp-4", 1), byName);

    assertThat(byIp.outcome()).isEqualTo(DeliveryOutcome.REFUSED);
    assertThat(byIp.attempts()).isZero();
    assertThat(byIp.lastError()).contains("127.0.0.1").contains(TargetGuard.ENV);
    assertThat(byHostName.outcome()).isEqualTo(DeliveryOutcome.REFUSED);
    assertThat(receiver.exchanges()).isEmpty();
  }
}
