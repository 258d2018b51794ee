package io.obsera.platform.send;

import io.obsera.model.alert.channel.SmtpTls;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.Map;
import java.util.Properties;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * One attempt to send a {@link MailMessage} over SMTP with Jakarta Mail (Angus Mail):
 * multipart/alternative plain text and HTML. SMTP 4xx replies and connection failures are
 * retryable, 5xx replies and rejected logins are not. Used by the alert worker's e-mail channels
 * and by the operator's mail sender (invites, password resets).
 *
 * <p>The caller names the address to connect to (the alert worker passes the one its SSRF guard
 * just checked, never a second lookup); with TLS the server's host name is still the one sent as
 * SNI and checked against its certificate ({@link ServerNameTls}).
 */
public final class SmtpMail {
  /** Where to send: host name (for TLS), port, TLS mode and an optional login. */
  public record Server(String host, int port, SmtpTls tls, String user, String password) {}

  private final Duration connectTimeout;
  private final Duration callTimeout;
  private final Clock clock;
  private final SSLSocketFactory tls;

  /**
   * @param tls the TLS client (trust) for STARTTLS and implicit TLS; the JVM's default in service
   */
  public SmtpMail(
      Duration connectTimeout, Duration callTimeout, Clock clock, SSLSocketFactory tls) {
    this.connectTimeout = connectTimeout;
    this.callTimeout = callTimeout;
    this.clock = clock;
    this.tls = tls;
  }

  /** Sends {@code mail} to {@code server}, connecting to {@code connectTo} (an address or name). */
  public void send(Server server, String connectTo, MailMessage mail) throws DeliveryException {
    Session session = Session.getInstance(properties(server, connectTo));
    try {
      MimeMessage message = message(session, mail);
      if (server.user() == null) {
        Transport.send(message);
      } else {
        Transport.send(message, server.user(), server.password());
      }
    } catch (MessagingException e) {
      throw classify(e);
    }
  }

  private Properties properties(Server c, String connectTo) {
    Properties p = new Properties();
    p.setProperty("mail.smtp.host", connectTo);
    p.setProperty("mail.smtp.port", Integer.toString(c.port()));
    p.setProperty("mail.smtp.connectiontimeout", Long.toString(connectTimeout.toMillis()));
    p.setProperty("mail.smtp.timeout", Long.toString(callTimeout.toMillis()));
    p.setProperty("mail.smtp.writetimeout", Long.toString(callTimeout.toMillis()));
    p.setProperty("mail.smtp.auth", Boolean.toString(c.user() != null));
    if (c.tls() != SmtpTls.NONE) {
      // Mail's own TLS layering gets the address as host: this factory puts the name back.
      p.put("mail.smtp.ssl.socketFactory", new ServerNameTls(tls, unbracketed(c.host())));
      p.setProperty("mail.smtp.socketFactory.fallback", "false");
    }
    switch (c.tls()) {
      case STARTTLS -> {
        p.setProperty("mail.smtp.starttls.enable", "true");
        p.setProperty("mail.smtp.starttls.required", "true");
        p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
      }
      case IMPLICIT -> {
        p.setProperty("mail.smtp.ssl.enable", "true");
        p.setProperty("mail.smtp.ssl.checkserveridentity", "true");
      }
      case NONE -> {}
    }
    return p;
  }

  private static String unbracketed(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  private MimeMessage message(Session session, MailMessage mail) throws MessagingException {
    String messageId = mail.messageId();
    MimeMessage m =
        new MimeMessage(session) {
          @Override
          protected void updateMessageID() throws MessagingException {
            if (messageId == null) {
              super.updateMessageID();
            } else {
              setHeader("Message-ID", messageId);
            }
          }
        };
    m.setFrom(new InternetAddress(mail.from(), true));
    m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(String.join(",", mail.to())));
    m.setSubject(mail.subject(), StandardCharsets.UTF_8.name());
    m.setSentDate(Date.from(clock.instant()));
    for (Map.Entry<String, String> h : mail.headers().entrySet()) {
      m.setHeader(h.getKey(), h.getValue());
    }
    MimeBodyPart text = new MimeBodyPart();
    text.setText(mail.text(), StandardCharsets.UTF_8.name(), "plain");
    MimeBodyPart html = new MimeBodyPart();
    html.setText(mail.html(), StandardCharsets.UTF_8.name(), "html");
    m.setContent(new MimeMultipart("alternative", text, html));
    return m;
  }

  /** The failure of an SMTP attempt, retryable or not. */
  public static DeliveryException classify(MessagingException e) {
    for (Exception x = e; x != null; ) {
      if (x instanceof AuthenticationFailedException) {
        return permanent(0, "smtp: login rejected: " + e.getMessage(), e);
      }
      int code = replyCode(x);
      if (code >= 500) {
        return permanent(code, "smtp: " + x.getMessage(), e);
      }
      if (code >= 400) {
        return new DeliveryException(
            DeliveryException.Kind.RETRYABLE, code, null, "smtp: " + x.getMessage());
      }
      x = x instanceof MessagingException me ? me.getNextException() : null;
    }
    if (e.getMessage() != null && e.getMessage().contains("STARTTLS is required")) {
      // the server offers no STARTTLS: sending in clear text instead would be a downgrade
      return permanent(0, "smtp: " + e.getMessage(), e);
    }
    if (e.getCause() instanceof IOException || e.getMessage() == null) {
      return DeliveryException.retryable("smtp: " + DeliveryException.describe(e), e);
    }
    String msg = e.getMessage().strip();
    if (msg.matches("^5\\d\\d[ -].*")) {
      return permanent(Integer.parseInt(msg.substring(0, 3)), "smtp: " + msg, e);
    }
    return DeliveryException.retryable("smtp: " + DeliveryException.describe(e), e);
  }

  private static int replyCode(Exception x) {
    if (x instanceof SMTPSendFailedException s) {
      return s.getReturnCode();
    }
    if (x instanceof SMTPAddressFailedException s) {
      return s.getReturnCode();
    }
    if (x instanceof SMTPSenderFailedException s) {
      return s.getReturnCode();
    }
    return 0;
  }

  private static DeliveryException permanent(int code, String message, Exception cause) {
    DeliveryException d =
        new DeliveryException(DeliveryException.Kind.PERMANENT, code, null, message);
    d.initCause(cause);
    return d;
  }
}
