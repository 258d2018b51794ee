package io.obsera.alert.send;

import io.obsera.alert.notify.Notification;
import io.obsera.model.alert.AlertState;
import io.obsera.model.alert.channel.SmtpChannel;
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
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPSenderFailedException;

/**
 * E-mail over SMTP with Jakarta Mail (Angus Mail): multipart/alternative plain text and HTML, a
 * {@code Message-ID} derived from the delivery id (a repeat carries the same one), and a resolve
 * notice threaded under its alert's first firing mail ({@code In-Reply-To}/{@code References}).
 * SMTP 4xx replies and connection failures are retryable, 5xx replies and rejected logins are not.
 *
 * <p>The connection goes to the address the SSRF guard just checked, never to a second lookup of
 * the name (which DNS rebinding could point at loopback); with TLS the channel's host name is still
 * the one sent as SNI and checked against the server's certificate ({@link ServerNameTls}).
 */
final class SmtpSender implements Sender<SmtpChannel> {
  private final GuardedResolver resolver;
  private final Duration connectTimeout;
  private final Duration callTimeout;
  private final Clock clock;
  private final SSLSocketFactory tls;

  SmtpSender(GuardedResolver resolver, Duration connectTimeout, Duration callTimeout, Clock clock) {
    this(
        resolver,
        connectTimeout,
        callTimeout,
        clock,
        (SSLSocketFactory) SSLSocketFactory.getDefault());
  }

  /**
   * @param tls the TLS client (trust) for STARTTLS and implicit TLS; the JVM's default in service
   */
  SmtpSender(
      GuardedResolver resolver,
      Duration connectTimeout,
      Duration callTimeout,
      Clock clock,
      SSLSocketFactory tls) {
    this.resolver = resolver;
    this.connectTimeout = connectTimeout;
    this.callTimeout = callTimeout;
    this.clock = clock;
    this.tls = tls;
  }

  @Override
  public void send(Notification n, SmtpChannel channel) throws DeliveryException {
    List<InetAddress> addresses = resolver.resolve(channel.host());
    // Connect to the address just checked (no second lookup to rebind); TLS keeps the name.
    String connectTo = addresses.get(0).getHostAddress();
    Session session = Session.getInstance(properties(channel, connectTo));
    try {
      MimeMessage message = message(session, n, channel);
      if (channel.user() == null) {
        Transport.send(message);
      } else {
        Transport.send(message, channel.user(), channel.password());
      }
    } catch (MessagingException e) {
      throw classify(e);
    }
  }

  private Properties properties(SmtpChannel c, String connectTo) {
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

  private MimeMessage message(Session session, Notification n, SmtpChannel c)
      throws MessagingException {
    String messageId = messageId(n.deliveryId(), c.from());
    MimeMessage m =
        new MimeMessage(session) {
          @Override
          protected void updateMessageID() throws MessagingException {
            setHeader("Message-ID", messageId);
          }
        };
    m.setFrom(new InternetAddress(c.from(), true));
    m.setRecipients(Message.RecipientType.TO, InternetAddress.parse(String.join(",", c.to())));
    m.setSubject(NotificationText.subject(n), StandardCharsets.UTF_8.name());
    m.setSentDate(Date.from(clock.instant()));
    m.setHeader(WebhookSender.DELIVERY_HEADER, n.deliveryId());
    if (n.state() == AlertState.RESOLVED) {
      String first =
          messageId(
              Notification.deliveryIdOf(n.tenantId(), n.fingerprint(), AlertState.FIRING, 1),
              c.from());
      m.setHeader("In-Reply-To", first);
      m.setHeader("References", first);
    }
    MimeBodyPart text = new MimeBodyPart();
    text.setText(NotificationText.plain(n), StandardCharsets.UTF_8.name(), "plain");
    MimeBodyPart html = new MimeBodyPart();
    html.setText(NotificationText.html(n), StandardCharsets.UTF_8.name(), "html");
    m.setContent(new MimeMultipart("alternative", text, html));
    return m;
  }

  /** {@code <deliveryId@domain of from>}. */
  static String messageId(String deliveryId, String from) {
    return "<" + deliveryId + "@" + from.substring(from.indexOf('@') + 1) + ">";
  }

  static DeliveryException classify(MessagingException e) {
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
      return DeliveryException.retryable("smtp: " + GuardedHttp.describe(e), e);
    }
    String msg = e.getMessage().strip();
    if (msg.matches("^5\\d\\d[ -].*")) {
      return permanent(Integer.parseInt(msg.substring(0, 3)), "smtp: " + msg, e);
    }
    return DeliveryException.retryable("smtp: " + GuardedHttp.describe(e), e);
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
