package io.obsera.alert.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.alert.TestNotifications;
import io.obsera.alert.notify.Notification;
import io.obsera.model.Json;
import io.obsera.model.alert.channel.SendGridChannel;
import io.obsera.testing.vendor.SendGridReceiver;
import io.obsera.testing.vendor.VendorReceiver.Received;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SendGridDeliveryIT {
  private static final String API_KEY = "SG.test-key.0123456789abcdef";
  private final SendGridReceiver receiver = new SendGridReceiver(API_KEY);
  private final Deliverer deliverer = new Deliverer(TestNotifications.fast(), Clock.systemUTC());

  @AfterEach
  void stop() {
    deliverer.close();
    receiver.close();
  }

  private SendGridChannel channel(String key) {
    return new SendGridChannel(
        "mail",
        key,
        "alerts@obsera.example.com",
        List.of("oncall@acme.example.com", "sre@acme.example.com"),
        receiver.url(""));
  }

  @Test
  void should_sendV3MailSendBody_withDeliveryIdAsCustomArgAndHeader() throws Exception {
    Notification n = TestNotifications.firing("fp-sg", 1);

    DeliveryResult result = deliverer.deliver(n, channel(API_KEY));

    assertThat(result.outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
    Received r = receiver.accepted().get(0);
    assertThat(r.path()).isEqualTo("/v3/mail/send");
    assertThat(r.header("Authorization")).isEqualTo("Bearer " + API_KEY);
    JsonNode m = Json.MAPPER.readTree(r.body());
    assertThat(m.path("personalizations")).hasSize(2);
    assertThat(m.path("personalizations").get(0).path("to").get(0).path("email").asText())
        .isEqualTo("oncall@acme.example.com");
    assertThat(m.path("personalizations").get(1).path("to").get(0).path("email").asText())
        .isEqualTo("sre@acme.example.com");
    assertThat(m.path("from").path("email").asText()).isEqualTo("alerts@obsera.example.com");
    assertThat(m.path("subject").asText()).isEqualTo("[FIRING] [PAGE] " + n.title());
    assertThat(m.path("content").get(0).path("type").asText()).isEqualTo("text/plain");
    assertThat(m.path("content").get(0).path("value").asText())
        .contains(n.summary())
        .contains(n.links().get(0).url());
    assertThat(m.path("content").get(1).path("type").asText()).isEqualTo("text/html");
    assertThat(m.path("content").get(1).path("value").asText()).contains("&lt;fast&gt;");
    assertThat(m.path("custom_args").path("obsera_delivery_id").asText()).isEqualTo(n.deliveryId());
    assertThat(m.path("headers").path("X-Obsera-Delivery").asText()).isEqualTo(n.deliveryId());
  }

  @Test
  @SuppressWarnings("removal") // runFinalization: what the bug took was a finalizer
  void should_keepDelivering_afterTheGarbageCollectorRan() {
    assertThat(
            deliverer.deliver(TestNotifications.firing("fp-sg-gc", 1), channel(API_KEY)).outcome())
        .isEqualTo(DeliveryOutcome.DELIVERED);
    for (int i = 0; i < 3; i++) {
      // sendgrid-java's Client closes its HTTP client when finalized: a Client made per delivery
      // shut the shared connection pool, and every later delivery failed until a restart
      System.gc();
      System.runFinalization();
    }
    assertThat(
            deliverer.deliver(TestNotifications.firing("fp-sg-gc", 2), channel(API_KEY)).outcome())
        .isEqualTo(DeliveryOutcome.DELIVERED);
  }

  @Test
  void should_rejectWithoutRetrying_whenApiKeyIsWrong() {
    DeliveryResult result =
        deliverer.deliver(TestNotifications.firing("fp-sg-401", 1), channel("SG.wrong-key.000000"));

    assertThat(result.outcome()).isEqualTo(DeliveryOutcome.REJECTED);
    assertThat(result.attempts()).isEqualTo(1);
    assertThat(result.lastStatus()).isEqualTo(401);
    assertThat(result.lastError()).contains("authorization grant is invalid");
    assertThat(receiver.exchanges()).hasSize(1);
  }

  @Test
  void should_retry_whenSendGridAnswers5xx() {
    receiver.failNext(2, 503, null);

    DeliveryResult result =
        deliverer.deliver(TestNotifications.firing("fp-sg-503", 1), channel(API_KEY));

    assertThat(result.outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
    assertThat(result.attempts()).isEqualTo(3);
    assertThat(receiver.accepted()).hasSize(1);
  }
}
