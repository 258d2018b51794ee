package io.obsera.platform.send;

import io.obsera.model.ConfigSupport;
import io.obsera.model.alert.channel.SmtpTls;
import java.net.URI;
import java.util.Locale;
import java.util.Map;

/**
 * The operator's mail sender, for the e-mails Obsera sends to people (invites, password resets): an
 * SMTP server ({@code OBSERA_MAIL_SMTP_*}), SendGrid ({@code OBSERA_MAIL_SENDGRID_*}) or none.
 *
 * @param from the sender address ({@code OBSERA_MAIL_FROM}); required with a sender
 * @param smtp the SMTP server ({@code OBSERA_MAIL_SMTP_HOST}, {@code _PORT} default 587, {@code
 *     _TLS} {@code STARTTLS} (default), {@code IMPLICIT} or {@code NONE}, {@code _USER}, {@code
 *     _PASSWORD}), or null
 * @param sendGridUrl SendGrid's API base ({@code OBSERA_MAIL_SENDGRID_URL}, default {@code
 *     https://api.sendgrid.com})
 * @param sendGridApiKey a SendGrid API key ({@code OBSERA_MAIL_SENDGRID_API_KEY}), or null
 */
public record MailConfig(
    String from, SmtpMail.Server smtp, String sendGridUrl, String sendGridApiKey) {
  public static final String DEFAULT_SENDGRID_URL = "https://api.sendgrid.com";

  public MailConfig {
    if (smtp != null && sendGridApiKey != null) {
      throw new IllegalArgumentException(
          "set OBSERA_MAIL_SMTP_HOST or OBSERA_MAIL_SENDGRID_API_KEY, not both");
    }
    boolean sender = smtp != null || sendGridApiKey != null;
    if (!sender && from != null) {
      throw new IllegalArgumentException(
          "OBSERA_MAIL_FROM is set but there is no sender: set OBSERA_MAIL_SMTP_HOST or"
              + " OBSERA_MAIL_SENDGRID_API_KEY");
    }
    if (sender && (from == null || !from.matches("[^@\\s]+@[^@\\s]+"))) {
      throw new IllegalArgumentException(
          "OBSERA_MAIL_FROM must be the sender's e-mail address when a mail sender is set, got "
              + (from == null ? "nothing" : "'" + from + "'"));
    }
    if (smtp != null) {
      ConfigSupport.requireNonBlank("OBSERA_MAIL_SMTP_HOST", smtp.host());
      ConfigSupport.requireRange("OBSERA_MAIL_SMTP_PORT", smtp.port(), 1, 65535);
      if ((smtp.user() == null) != (smtp.password() == null)) {
        throw new IllegalArgumentException(
            "OBSERA_MAIL_SMTP_USER and OBSERA_MAIL_SMTP_PASSWORD go together: set both or neither");
      }
    }
    sendGridUrl = sendGridUrl == null ? DEFAULT_SENDGRID_URL : sendGridUrl.replaceAll("/+$", "");
    URI u;
    try {
      u = URI.create(sendGridUrl);
    } catch (IllegalArgumentException e) {
      u = null;
    }
    if (u == null
        || u.getHost() == null
        || !("https".equals(u.getScheme()) || "http".equals(u.getScheme()))) {
      throw new IllegalArgumentException(
          "OBSERA_MAIL_SENDGRID_URL must be an http(s) URL like " + DEFAULT_SENDGRID_URL);
    }
  }

  /** No sender: links are handed to the person who asked (invites) or not sent (resets). */
  public static MailConfig none() {
    return new MailConfig(null, null, null, null);
  }

  /** Whether a sender is configured. */
  public boolean configured() {
    return smtp != null || sendGridApiKey != null;
  }

  public static MailConfig fromEnv(Map<String, String> env) {
    String host = blankToNull(env.get("OBSERA_MAIL_SMTP_HOST"));
    SmtpMail.Server smtp = null;
    if (host != null) {
      String tls = env.getOrDefault("OBSERA_MAIL_SMTP_TLS", "STARTTLS").strip();
      SmtpTls mode;
      try {
        mode = SmtpTls.valueOf(tls.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "OBSERA_MAIL_SMTP_TLS must be STARTTLS, IMPLICIT or NONE, got '" + tls + "'");
      }
      smtp =
          new SmtpMail.Server(
              host,
              ConfigSupport.intVar(env, "OBSERA_MAIL_SMTP_PORT", 587),
              mode,
              blankToNull(env.get("OBSERA_MAIL_SMTP_USER")),
              blankToNull(env.get("OBSERA_MAIL_SMTP_PASSWORD")));
    }
    return new MailConfig(
        blankToNull(env.get("OBSERA_MAIL_FROM")),
        smtp,
        blankToNull(env.get("OBSERA_MAIL_SENDGRID_URL")),
        blankToNull(env.get("OBSERA_MAIL_SENDGRID_API_KEY")));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  @Override
  public String toString() {
    return "MailConfig[from="
        + from
        + ", smtp="
        + (smtp == null ? null : smtp.host() + ":" + smtp.port() + " " + smtp.tls())
        + ", sendGrid="
        + (sendGridApiKey == null ? "no" : sendGridUrl)
        + "]";
  }
}
