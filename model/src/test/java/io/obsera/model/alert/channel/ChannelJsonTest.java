package io.obsera.model.alert.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obsera.model.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelJsonTest {
  @Test
  void should_roundTripEveryChannelType_withItsTypeName() throws Exception {
    List<Channel> channels =
        List.of(
            new WebhookChannel("h", "https://hooks.example.com/x", "0123456789abcdef"),
            new SlackChannel("s", "https://hooks.slack.com/services/T/B/X"),
            new SendGridChannel(
                "g", "SG.0123456789abcdef", "a@b.example", List.of("c@d.example"), null),
            new SmtpChannel(
                "m",
                "smtp.example.com",
                587,
                SmtpTls.STARTTLS,
                "u",
                "p",
                "a@b.example",
                List.of("c@d.example", "e@f.example")),
            new PagerDutyChannel("p", "R0123456789abcdef0123456789abcde", null),
            new TwilioChannel(
                "t",
                "AC0123456789abcdef0123456789abcdef",
                "token-0123456789abcdef",
                "+15005550006",
                List.of("+14155550100"),
                null));

    for (Channel c : channels) {
      String json = Json.MAPPER.writerFor(Channel.class).writeValueAsString(c);
      assertThat(Json.MAPPER.readTree(json).path("type").asText()).isEqualTo(c.type().name());
      assertThat(Json.MAPPER.readValue(json, Channel.class)).isEqualTo(c);
    }
  }

  @Test
  void should_validate_whenReadFromJson() {
    String json =
        "{\"type\":\"WEBHOOK\",\"id\":\"h\",\"url\":\"file:///etc/passwd\",\"secret\":\"0123456789abcdef\"}";

    assertThatThrownBy(() -> Json.MAPPER.readValue(json, Channel.class))
        .hasMessageContaining("field 'url'");
  }
}
