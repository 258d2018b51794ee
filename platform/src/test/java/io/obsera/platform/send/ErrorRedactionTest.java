package io.obsera.platform.send;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ErrorRedactionTest {
  @Test
  void should_keepOnlyOrigin_whenTheTextHoldsAUrlWithAPathOrQuery() {
    String text =
        "slack: 404 no_service posting to https://hooks.slack.com/services/T000/B000/XXXXSECRET"
            + " (see http://127.0.0.1:8080/hook?token=abc123def)";

    String out = ErrorRedaction.redact(text);

    assertThat(out)
        .isEqualTo(
            "slack: 404 no_service posting to https://hooks.slack.com/***"
                + " (see http://127.0.0.1:8080/***)")
        .doesNotContain("XXXXSECRET", "abc123def");
  }

  @Test
  void should_maskKeysTokensAndAuthorization_whenAReceiverEchoesThem() {
    String text =
        "pagerduty: 400 {\"routing_key\": \"R0123456789abcdef\", \"message\": \"bad\"}"
            + " api_key=SG.abcdefgh.ijkl Authorization: Bearer eyJhbGciOi.payload.sig"
            + " password:hunter22";

    String out = ErrorRedaction.redact(text);

    assertThat(out)
        .doesNotContain("R0123456789abcdef", "SG.abcdefgh.ijkl", "eyJhbGciOi", "hunter22")
        .contains("\"message\": \"bad\"", "pagerduty: 400");
  }

  @Test
  void should_maskEveryGivenSecret_andLeaveOrdinaryTextAlone() {
    String out =
        ErrorRedaction.redact(
            "twilio: 401 credentials AC1234/tok3n-value-9 rejected", List.of("tok3n-value-9", "x"));

    assertThat(out).isEqualTo("twilio: 401 credentials AC1234/*** rejected");
    assertThat(ErrorRedaction.redact("webhook: 500 Internal Server Error"))
        .isEqualTo("webhook: 500 Internal Server Error");
    assertThat(ErrorRedaction.redact(null)).isNull();
  }
}
