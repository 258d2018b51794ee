package io.obsera.platform.send;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.obsera.model.alert.channel.SmtpTls;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MailConfigTest {
  @Test
  void should_haveNoSender_whenNothingIsSet() {
    MailConfig c = MailConfig.fromEnv(Map.of());
    assertThat(c.configured()).isFalse();
    assertThat(c.sendGridUrl()).isEqualTo(MailConfig.DEFAULT_SENDGRID_URL);
  }

  @Test
  void should_readAnSmtpSender_withStartTlsOn587ByDefault() {
    MailConfig c =
        MailConfig.fromEnv(
            Map.of(
                "OBSERA_MAIL_FROM", "obsera@example.com",
                "OBSERA_MAIL_SMTP_HOST", "smtp.example.com",
                "OBSERA_MAIL_SMTP_USER", "obsera",
                "OBSERA_MAIL_SMTP_PASSWORD", "s3cret"));
    assertThat(c.configured()).isTrue();
    assertThat(c.smtp())
        .isEqualTo(
            new SmtpMail.Server("smtp.example.com", 587, SmtpTls.STARTTLS, "obsera", "s3cret"));
    assertThat(c.toString()).doesNotContain("s3cret");
  }

  @Test
  void should_readASendGridSender() {
    MailConfig c =
        MailConfig.fromEnv(
            Map.of(
                "OBSERA_MAIL_FROM", "obsera@example.com",
                "OBSERA_MAIL_SENDGRID_API_KEY", "SG.key",
                "OBSERA_MAIL_SENDGRID_URL", "http://127.0.0.1:9999/"));
    assertThat(c.configured()).isTrue();
    assertThat(c.sendGridUrl()).isEqualTo("http://127.0.0.1:9999");
    assertThat(c.toString()).doesNotContain("SG.key");
  }

  static final String FROM = "obsera@example.com";

  static void refused(String variable, String... env) {
    Map<String, String> m = new java.util.HashMap<>();
    for (int i = 0; i < env.length; i += 2) {
      m.put(env[i], env[i + 1]);
    }
    assertThatThrownBy(() -> MailConfig.fromEnv(m))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(variable);
  }

  @Test
  void should_nameTheVariable_whenTheSenderIsIncomplete() {
    refused("OBSERA_MAIL_FROM", "OBSERA_MAIL_SMTP_HOST", "smtp.example");
    refused("OBSERA_MAIL_SMTP_HOST", "OBSERA_MAIL_FROM", FROM);
    refused(
        "not both",
        "OBSERA_MAIL_FROM",
        FROM,
        "OBSERA_MAIL_SMTP_HOST",
        "smtp.example",
        "OBSERA_MAIL_SENDGRID_API_KEY",
        "SG.key");
    String[] smtp = {"OBSERA_MAIL_FROM", FROM, "OBSERA_MAIL_SMTP_HOST", "smtp.example"};
    refused("OBSERA_MAIL_SMTP_TLS", with(smtp, "OBSERA_MAIL_SMTP_TLS", "maybe"));
    refused("OBSERA_MAIL_SMTP_PASSWORD", with(smtp, "OBSERA_MAIL_SMTP_USER", "obsera"));
    refused("OBSERA_MAIL_SMTP_PORT", with(smtp, "OBSERA_MAIL_SMTP_PORT", "70000"));
    refused(
        "OBSERA_MAIL_SENDGRID_URL",
        "OBSERA_MAIL_FROM",
        FROM,
        "OBSERA_MAIL_SENDGRID_API_KEY",
        "SG.key",
        "OBSERA_MAIL_SENDGRID_URL",
        "ftp://sendgrid");
  }

  static String[] with(String[] env, String name, String value) {
    String[] out = java.util.Arrays.copyOf(env, env.length + 2);
    out[env.length] = name;
    out[env.length + 1] = value;
    return out;
  }
}
