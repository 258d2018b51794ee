package io.obsera.model.alert.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelTest {
  private static final String SID = "AC0123456789abcdef0123456789abcdef";

  @Test
  void should_nameTheField_whenAChannelIsInvalid() {
    assertThatThrownBy(() -> new WebhookChannel("h", "ftp://example.com/x", "0123456789abcdef"))
        .hasMessageContaining("'url'");
    assertThatThrownBy(() -> new WebhookChannel("h", "https://example.com/x", "short"))
        .hasMessageContaining("'secret'");
    assertThatThrownBy(
            () -> new WebhookChannel("Bad Id", "https://example.com/x", "0123456789abcdef"))
        .hasMessageContaining("'id'");
    assertThatThrownBy(() -> new PagerDutyChannel("p", "too-short", null))
        .hasMessageContaining("'routingKey'");
    assertThatThrownBy(
            () ->
                new SendGridChannel(
                    "s", "SG.0123456789abcdef", "not-an-address", List.of("a@b.example"), null))
        .hasMessageContaining("'from'");
    assertThatThrownBy(
            () ->
                new SmtpChannel(
                    "m",
                    "smtp.example.com",
                    587,
                    SmtpTls.STARTTLS,
                    null,
                    "pw",
                    "a@b.example",
                    List.of("c@d.example")))
        .hasMessageContaining("'password'");
    assertThatThrownBy(
            () ->
                new SmtpChannel(
                    "m",
                    "smtp.example.com",
                    0,
                    SmtpTls.STARTTLS,
                    null,
                    null,
                    "a@b.example",
                    List.of("c@d.example")))
        .hasMessageContaining("'port'");
    assertThatThrownBy(
            () ->
                new TwilioChannel(
                    "t",
                    SID,
                    "token-0123456789abcdef",
                    "+15005550006",
                    List.of("4155550100"),
                    null))
        .hasMessageContaining("'to'");
    assertThatThrownBy(
            () ->
                new TwilioChannel(
                    "t",
                    "AC-nope",
                    "token-0123456789abcdef",
                    "+15005550006",
                    List.of("+14155550100"),
                    null))
        .hasMessageContaining("'accountSid'");
  }

  @Test
  void should_neverShowSecrets_inMessagesOrToString() {
    String slackUrl = "https://hooks.slack.com/services/T000/B000/SECRETSECRET";
    SlackChannel slack = new SlackChannel("s", slackUrl);
    assertThatThrownBy(
            () -> new SlackChannel("s", "hooks.slack.com/services/T000/B000/SECRETSECRET"))
        .hasMessageNotContaining("SECRETSECRET");
    assertThat(slack.toString()).doesNotContain("SECRETSECRET");
    assertThat(
            new WebhookChannel("h", "https://example.com/x", "0123456789abcdef-secret").toString())
        .doesNotContain("0123456789abcdef-secret");
    assertThat(new PagerDutyChannel("p", "R0123456789abcdef0123456789abcde", null).toString())
        .doesNotContain("R0123456789abcdef0123456789abcde");
    assertThat(
            new TwilioChannel(
                    "t",
                    SID,
                    "token-0123456789abcdef",
                    "+15005550006",
                    List.of("+14155550100"),
                    null)
                .toString())
        .doesNotContain("token-0123456789abcdef");
  }

  @Test
  void should_nameTheDestinationByOriginOnly() {
    assertThat(new SlackChannel("s", "https://hooks.slack.com/services/T/B/X").destination())
        .isEqualTo("https://hooks.slack.com:443");
    assertThat(new PagerDutyChannel("p", "R0123456789abcdef0123456789abcde", null).destination())
        .isEqualTo("https://events.pagerduty.com:443");
    assertThat(
            new WebhookChannel("h", "http://hooks.example.com:8080/a?b=c", "0123456789abcdef")
                .destination())
        .isEqualTo("http://hooks.example.com:8080");
    assertThat(
            new SmtpChannel(
                    "m",
                    "smtp.example.com",
                    465,
                    SmtpTls.IMPLICIT,
                    "u",
                    "p",
                    "a@b.example",
                    List.of("c@d.example"))
                .destination())
        .isEqualTo("smtp://smtp.example.com:465");
  }
}
