package io.obsera.alert.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.obsera.alert.TestNotifications;
import io.obsera.alert.notify.Notification;
import io.obsera.alert.receiver.TwilioReceiver;
import io.obsera.model.alert.channel.TwilioChannel;
import io.obsera.testing.vendor.VendorReceiver.Received;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TwilioDeliveryIT {
  private static final String SID = "AC0123456789abcdef0123456789abcdef";
  private static final String TOKEN = "twilio-auth-token-0123";
  private final TwilioReceiver receiver = new TwilioReceiver(SID, TOKEN);

  @AfterEach
  void stop() {
    receiver.close();
  }

  private TwilioChannel channel(String from) {
    return new TwilioChannel(
        "sms", SID, TOKEN, from, List.of("+14155550100", "+447700900123"), receiver.url("/"));
  }

  @Test
  void should_postOneFormPerRecipient_withBasicAuth() {
    Deliverer deliverer = new Deliverer(TestNotifications.fast(), Clock.systemUTC());
    Notification n = TestNotifications.firing("fp-sms", 1);

    DeliveryResult result = deliverer.deliver(n, channel("+15005550006"));

    assertThat(result.outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
    List<Received> sent = receiver.accepted();
    assertThat(sent).hasSize(2);
    assertThat(sent.get(0).path()).isEqualTo("/2010-04-01/Accounts/" + SID + "/Messages.json");
    Map<String, String> first = TwilioReceiver.form(sent.get(0).body());
    assertThat(first).containsEntry("To", "+14155550100").containsEntry("From", "+15005550006");
    assertThat(first.get("Body"))
        .startsWith("[FIRING] [PAGE] " + n.title())
        .endsWith(n.links().get(0).url())
        .hasSizeLessThanOrEqualTo(320);
    assertThat(TwilioReceiver.form(sent.get(1).body())).containsEntry("To", "+447700900123");
  }

  @Test
  void should_textOnlyTheRemainingRecipient_whenRetryingAfterAPartialFailure() {
    Deliverer deliverer = new Deliverer(TestNotifications.fast(), Clock.systemUTC());
    receiver.failAfter(1, 1, 503); // first recipient accepted, second refused once

    DeliveryResult result =
        deliverer.deliver(TestNotifications.firing("fp-sms-partial", 1), channel("+15005550006"));

    assertThat(result.outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
    assertThat(result.attempts()).isEqualTo(2);
    assertThat(receiver.exchanges()).hasSize(3);
    assertThat(receiver.accepted())
        .extracting(r -> TwilioReceiver.form(r.body()).get("To"))
        .containsExactly("+14155550100", "+447700900123");
  }

  @Test
  void should_useMessagingService_whenFromIsAServiceSid() {
    Deliverer deliverer = new Deliverer(TestNotifications.fast(), Clock.systemUTC());
    String service = "MG0123456789abcdef0123456789abcdef";

    assertThat(
            deliverer.deliver(TestNotifications.firing("fp-mg", 1), channel(service)).delivered())
        .isTrue();

    Map<String, String> form = TwilioReceiver.form(receiver.accepted().get(0).body());
    assertThat(form).containsEntry("MessagingServiceSid", service).doesNotContainKey("From");
  }

  @Test
  void should_sendNothing_whenSmsIsNotEnabled() {
    DeliveryConfig f = TestNotifications.fast();
    DeliveryConfig smsOff =
        new DeliveryConfig(f.policy(), f.connectTimeout(), f.callTimeout(), false, f.targetGuard());

    DeliveryResult result =
        new Deliverer(smsOff, Clock.systemUTC())
            .deliver(TestNotifications.firing("fp-off", 1), channel("+15005550006"));

    assertThat(result.outcome()).isEqualTo(DeliveryOutcome.REJECTED);
    assertThat(result.lastError()).contains("OBSERA_ALERT_SMS_ENABLED");
    assertThat(receiver.exchanges()).isEmpty();
  }
}
