package io.obsera.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IdentityConfigTest {
  static final Map<String, String> SMTP =
      Map.of("OBSERA_MAIL_FROM", "obsera@example.com", "OBSERA_MAIL_SMTP_HOST", "smtp.example");

  @Test
  void should_keepResetLinksAnHour_andSendNoMail_byDefault() {
    IdentityConfig c = IdentityConfig.defaults();
    assertThat(c.passwordResetTtl()).isEqualTo(Duration.ofMinutes(60));
    assertThat(c.mail().configured()).isFalse();
  }

  @Test
  void should_requireThePublicUrl_withAMailSender() {
    assertThatThrownBy(() -> IdentityConfig.fromEnv(SMTP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("OBSERA_PUBLIC_URL")
        .hasMessageContaining("Host header");
    Map<String, String> env = new java.util.HashMap<>(SMTP);
    env.put("OBSERA_PUBLIC_URL", "https://obsera.example.com/");
    env.put("OBSERA_PASSWORD_RESET_MINUTES", "15");
    IdentityConfig c = IdentityConfig.fromEnv(env);
    assertThat(c.mail().configured()).isTrue();
    assertThat(c.publicUrl()).isEqualTo("https://obsera.example.com");
    assertThat(c.passwordResetTtl()).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void should_takeThePublicOtlpUrl_andNameTheVariable_whenItIsNoUrl() {
    assertThat(IdentityConfig.defaults().publicOtlpUrl()).isNull();
    assertThat(
            IdentityConfig.fromEnv(Map.of("OBSERA_PUBLIC_OTLP_URL", "https://ingest.example/"))
                .publicOtlpUrl())
        .isEqualTo("https://ingest.example");
    assertThatThrownBy(
            () -> IdentityConfig.fromEnv(Map.of("OBSERA_PUBLIC_OTLP_URL", "ingest.example:4318")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("OBSERA_PUBLIC_OTLP_URL");
  }

  @Test
  void should_nameTheVariable_ofABadResetLifetime() {
    assertThatThrownBy(() -> IdentityConfig.fromEnv(Map.of("OBSERA_PASSWORD_RESET_MINUTES", "0")))
        .hasMessageContaining("OBSERA_PASSWORD_RESET_MINUTES");
  }
}
