package io.obsera.platform.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.obsera.model.Json;
import io.obsera.model.Topics;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SealedRecordsTest {
  static final String OLD_KEY = SecretBox.newKeyBase64();
  static final SecretBox OLD = SecretBox.fromBase64("old", OLD_KEY);
  static final SecretBox NEW =
      SecretBox.fromBase64("new", SecretBox.newKeyBase64()).withPrevious("previous", OLD_KEY);

  static byte[] sso(SecretBox box) {
    String oidc = box.seal("oidc-secret", SealedRecords.ssoSecretBinding("acme", "oidc"));
    String gh = box.seal("gh-secret", SealedRecords.ssoSecretBinding("acme", "github"));
    return ("{\"tenantId\":\"acme\",\"oidc\":{\"issuer\":\"https://idp.example\","
            + "\"sealedClientSecret\":\""
            + oidc
            + "\"},\"github\":{\"clientId\":\"c\",\"sealedClientSecret\":\""
            + gh
            + "\"},\"ssoRequired\":true}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void should_moveSsoClientSecretsToTheCurrentKey_keepingTheRest() throws Exception {
    byte[] resealed = SealedRecords.resealers(NEW).get(Topics.CONTROL_SSO).apply(sso(OLD));

    JsonNode r = Json.MAPPER.readTree(resealed);
    String oidc = r.path("oidc").path("sealedClientSecret").asText();
    String gh = r.path("github").path("sealedClientSecret").asText();
    assertThat(SecretBox.sealedUnder(oidc)).isEqualTo(NEW.keyId());
    assertThat(NEW.open(oidc, SealedRecords.ssoSecretBinding("acme", "oidc")))
        .isEqualTo("oidc-secret");
    assertThat(NEW.open(gh, SealedRecords.ssoSecretBinding("acme", "github")))
        .isEqualTo("gh-secret");
    assertThat(r.path("ssoRequired").asBoolean()).isTrue();
    assertThatThrownBy(() -> OLD.open(oidc, SealedRecords.ssoSecretBinding("acme", "oidc")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void should_leaveASsoConfigurationAlone_whenItsSecretsAreCurrent() {
    assertThat(SealedRecords.resealers(NEW).get(Topics.CONTROL_SSO).apply(sso(NEW))).isNull();
  }
}
