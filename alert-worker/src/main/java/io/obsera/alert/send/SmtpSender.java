package io.obsera.alert.send;

import io.obsera.alert.notify.Notification;
import io.obsera.model.alert.AlertState;
import io.obsera.model.alert.channel.SmtpChannel;
import io.obsera.platform.send.DeliveryException;
import io.obsera.platform.send.MailMessage;
import io.obsera.platform.send.SmtpMail;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSocketFactory;

/**
 * E-mail over SMTP ({@link SmtpMail}): plain text and HTML, a {@code Message-ID} derived from the
 * delivery id (a repeat carries the same one), and a resolve notice threaded under its alert's
 * first firing mail ({@code In-Reply-To}/{@code References}).
 *
 * <p>The connection goes to the address the SSRF guard just checked, never to a second lookup of
 * the name (which DNS rebinding could point at loopback); with TLS the channel's host name is still
 * the one sent as SNI and checked against the server's certificate.
 */
final class SmtpSender implements Sender<SmtpChannel> {
  private final GuardedResolver resolver;
  private final SmtpMail smtp;

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
    this.smtp = new SmtpMail(connectTimeout, callTimeout, clock, tls);
  }

  @Override
  public void send(Notification n, SmtpChannel channel) throws DeliveryException {
    List<InetAddress> addresses = resolver.resolve(channel.host());
    // Connect to the address just checked (no second lookup to rebind); TLS keeps the name.
    String connectTo = addresses.get(0).getHostAddress();
    smtp.send(
        new SmtpMail.Server(
            channel.host(), channel.port(), channel.tls(), channel.user(), channel.password()),
        connectTo,
        message(n, channel));
  }

  private static MailMessage message(Notification n, SmtpChannel c) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put(WebhookSender.DELIVERY_HEADER, n.deliveryId());
    if (n.state() == AlertState.RESOLVED) {
      String first =
          messageId(
              Notification.deliveryIdOf(n.tenantId(), n.fingerprint(), AlertState.FIRING, 1),
              c.from());
      headers.put("In-Reply-To", first);
      headers.put("References", first);
    }
    return new MailMessage(
        c.from(),
        null,
        c.to(),
        NotificationText.subject(n),
        NotificationText.plain(n),
        NotificationText.html(n),
        messageId(n.deliveryId(), c.from()),
        headers,
        Map.of());
  }

  /** {@code <deliveryId@domain of from>}. */
  static String messageId(String deliveryId, String from) {
    return "<" + deliveryId + "@" + from.substring(from.indexOf('@') + 1) + ">";
  }
}
