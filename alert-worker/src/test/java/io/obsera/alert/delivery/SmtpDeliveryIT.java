package io.obsera.alert.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.obsera.alert.TestNotifications;
import io.obsera.alert.notify.Notification;
import io.obsera.model.alert.channel.SmtpChannel;
import io.obsera.model.alert.channel.SmtpTls;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SmtpDeliveryIT {
  private GreenMail smtp;
  private final Deliverer deliverer = new Deliverer(TestNotifications.fast(), Clock.systemUTC());

  @BeforeEach
  void start() {
    smtp =
        new GreenMail(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(
                GreenMailConfiguration.aConfig()
                    .withUser("alerts@obsera.test", "alerts", "s3cret"));
    smtp.start();
  }

  @AfterEach
  void stop() {
    deliverer.close();
    smtp.stop();
  }

  private SmtpChannel channel(String password) {
    return channel(password, SmtpTls.NONE);
  }

  private SmtpChannel channel(String password, SmtpTls tls) {
    return new SmtpChannel(
        "smtp",
        "127.0.0.1",
        smtp.getSmtp().getPort(),
        tls,
        "alerts",
        password,
        "alerts@obsera.test",
        List.of("oncall@acme.test", "sre@acme.test"));
  }

  @Test
  void should_sendMail_withSubjectBodyAndMessageIdFromDeliveryId() throws Exception {
    Notification n = TestNotifications.firing("fp-mail", 1);

    DeliveryResult result = deliverer.deliver(n, channel("s3cret"));

    assertThat(result.outcome()).isEqualTo(DeliveryOutcome.DELIVERED);
    MimeMessage[] got = smtp.getReceivedMessages();
    assertThat(got).hasSize(2); // one copy per recipient mailbox
    MimeMessage m = got[0];
    assertThat(m.getSubject()).isEqualTo("[FIRING] [PAGE] " + n.title());
    assertThat(m.getMessageID()).isEqualTo("<" + n.deliveryId() + "@obsera.test>");
    assertThat(m.getHeader("X-Obsera-Delivery")[0]).isEqualTo(n.deliveryId());
    assertThat(m.getFrom()[0].toString()).isEqualTo("alerts@obsera.test");
    MimeMultipart parts = (MimeMultipart) m.getContent();
    assertThat(parts.getContentType()).startsWith("multipart/alternative");
    assertThat((String) parts.getBodyPart(0).getContent())
        .contains(n.summary())
        .contains("service=checkout")
        .contains(n.links().get(1).url());
    assertThat(parts.getBodyPart(1).getContentType()).startsWith("text/html");
  }

  @Test
  void should_keepTheMessageId_whenTheSameNotificationIsSentTwice_andThreadTheResolve()
      throws Exception {
    Notification n = TestNotifications.firing("fp-mail-2", 1);
    deliverer.deliver(n, channel("s3cret"));
    deliverer.deliver(TestNotifications.firing("fp-mail-2", 1), channel("s3cret"));
    deliverer.deliver(TestNotifications.resolved("fp-mail-2", 2), channel("s3cret"));

    MimeMessage[] got = smtp.getReceivedMessages();
    assertThat(got).hasSize(6); // two recipients, three sends
    String firingId = "<" + n.deliveryId() + "@obsera.test>";
    List<MimeMessage> firing = new java.util.ArrayList<>();
    List<MimeMessage> resolved = new java.util.ArrayList<>();
    for (MimeMessage m : got) {
      (m.getSubject().startsWith("[RESOLVED]") ? resolved : firing).add(m);
    }
    assertThat(firing).hasSize(4);
    for (MimeMessage m : firing) {
      assertThat(m.getMessageID()).isEqualTo(firingId);
    }
    assertThat(resolved).hasSize(2);
    MimeMessage resolve = resolved.get(0);
    assertThat(resolve.getSubject()).isEqualTo("[RESOLVED] " + n.title());
    assertThat(resolve.getMessageID()).isNotEqualTo(firingId);
    assertThat(resolve.getHeader("In-Reply-To")[0]).isEqualTo(firingId);
    assertThat(resolve.getHeader("References")[0]).isEqualTo(firingId);
  }

  @Test
  void should_rejectWithoutRetrying_whenLoginFails() {
    DeliveryResult result =
        deliverer.deliver(TestNotifications.firing("fp-535", 1), channel("wrong"));

    assertThat(result.outcome()).isEqualTo(DeliveryOutcome.REJECTED);
    assertThat(result.attempts()).isEqualTo(1);
    assertThat(smtp.getReceivedMessages()).isEmpty();
  }

  @Test
  void should_refuseToSendInClearText_whenStartTlsIsRequiredButNotOffered() {
    DeliveryResult result =
        deliverer.deliver(
            TestNotifications.firing("fp-tls", 1), channel("s3cret", SmtpTls.STARTTLS));

    assertThat(result.outcome()).isEqualTo(DeliveryOutcome.REJECTED);
    assertThat(result.attempts()).isEqualTo(1);
    assertThat(result.lastError()).contains("STARTTLS");
    assertThat(smtp.getReceivedMessages()).isEmpty();
  }

  @Test
  void should_retry_whenServerIsDown() {
    SmtpChannel c = channel("s3cret");
    smtp.stop();

    DeliveryResult result = deliverer.deliver(TestNotifications.firing("fp-down", 1), c);

    assertThat(result.outcome()).isEqualTo(DeliveryOutcome.GAVE_UP);
    assertThat(result.attempts()).isEqualTo(TestNotifications.fast().policy().maxAttempts());
  }

  @Test
  void should_refuseLoopbackSmtpHost_whenNoAllowlist() {
    Deliverer strict = new Deliverer(DeliveryConfig.fromEnv(java.util.Map.of()), Clock.systemUTC());

    DeliveryResult result =
        strict.deliver(TestNotifications.firing("fp-ssrf", 1), channel("s3cret"));

    assertThat(result.outcome()).isEqualTo(DeliveryOutcome.REFUSED);
    assertThat(smtp.getReceivedMessages()).isEmpty();
  }
}
