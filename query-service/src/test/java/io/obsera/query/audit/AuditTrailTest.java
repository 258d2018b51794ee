package io.obsera.query.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.model.Json;
import org.junit.jupiter.api.Test;

class AuditTrailTest {
  @Test
  void should_redactEveryChannelSecretAndPassword_butKeepTheRest() throws Exception {
    JsonNode body =
        Json.MAPPER.readTree(
            "{\"email\":\"a@b.io\",\"password\":\"hunter2hunter2\",\"channels\":["
                + "{\"type\":\"webhook\",\"secret\":\"s1\"},{\"webhookUrl\":\"https://hooks/x\"},"
                + "{\"apiKey\":\"SG.x\"},{\"routingKey\":\"pd\"},{\"authToken\":\"tw\"},"
                + "{\"password\":\"smtp\"}],\"sql\":\"SELECT 1\",\"keyId\":\"k1\",\"role\":\"VIEWER\"}");
    AuditTrail.redact(body);
    String text = Json.MAPPER.writeValueAsString(body);
    assertThat(text)
        .doesNotContain("hunter2", "s1\"", "hooks/x", "SG.x", "\"pd\"", "\"tw\"", "smtp")
        .contains("a@b.io", "SELECT 1", "k1", "VIEWER", "(redacted)");
  }

  @Test
  void should_redactSecondFactorCodes_butKeepTheRest() throws Exception {
    JsonNode body =
        Json.MAPPER.readTree(
            "{\"email\":\"a@b.io\",\"totp\":\"287082\",\"recoveryCode\":\"abcd-efgh\","
                + "\"code\":\"359152\",\"mfaRequired\":true}");
    AuditTrail.redact(body);
    String text = Json.MAPPER.writeValueAsString(body);
    assertThat(text)
        .doesNotContain("287082", "abcd-efgh", "359152")
        .contains("a@b.io", "mfaRequired", "(redacted)");
  }
}
