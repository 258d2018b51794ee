package io.obsera.model.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApiKeyTokenTest {
  @Test
  void should_roundTripIssuedToken_whenParsed() {
    ApiKeyToken issued = ApiKeyToken.generate();
    ApiKeyToken parsed = ApiKeyToken.parse(issued.token());
    assertThat(issued.token()).startsWith("obs_" + issued.keyId() + "_");
    assertThat(parsed).isEqualTo(issued);
    assertThat(parsed.secretSha256()).isEqualTo(issued.secretSha256()).hasSize(64);
  }

  @Test
  void should_deriveStableKeyId_whenTokenChosenByOperator() {
    ApiKeyToken a = ApiKeyToken.fromOperator("OBSERA_API_KEY", "my-own-long-api-key-1");
    ApiKeyToken b = ApiKeyToken.parse("my-own-long-api-key-1");
    assertThat(a).isEqualTo(b);
    assertThat(a.keyId()).startsWith("x").hasSize(12);
    assertThat(a.token()).isEqualTo("my-own-long-api-key-1");
  }

  @Test
  void should_nameVariable_whenOperatorTokenTooShort() {
    assertThatThrownBy(() -> ApiKeyToken.fromOperator("OBSERA_API_KEY", "short"))
        .hasMessageContaining("OBSERA_API_KEY");
  }

  @Test
  void should_differ_whenTwoTokensGenerated() {
    assertThat(ApiKeyToken.generate().secretSha256())
        .isNotEqualTo(ApiKeyToken.generate().secretSha256());
  }

  @Test
  void should_rejectBadTenantIds() {
    assertThatThrownBy(() -> TenantRecord.requireValidId("Bad Tenant"))
        .hasMessageContaining("tenant id");
    TenantRecord.requireValidId("acme-prod");
  }
}
