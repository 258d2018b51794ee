package io.obsera.alert.send;

import io.obsera.alert.notify.Notification;
import io.obsera.model.alert.channel.SendGridChannel;
import io.obsera.platform.send.DeliveryException;
import io.obsera.platform.send.MailMessage;
import io.obsera.platform.send.SendGridMail;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * E-mail through SendGrid ({@link SendGridMail}): one personalization per recipient, plain text
 * then HTML content, the delivery id as custom arg {@code obsera_delivery_id} (it comes back in
 * SendGrid's event webhooks) and as header {@code X-Obsera-Delivery}. The HTTP client resolves
 * through the SSRF guard, follows no redirects and does not retry by itself.
 */
final class SendGridSender implements Sender<SendGridChannel> {
  static final String DELIVERY_ARG = "obsera_delivery_id";

  private final GuardedResolver resolver;
  private final SendGridMail sendGrid;

  SendGridSender(
      GuardedResolver resolver, Duration connectTimeout, Duration callTimeout, Clock clock) {
    this.resolver = resolver;
    this.sendGrid =
        new SendGridMail(
            host -> resolver.lookup(host).toArray(new InetAddress[0]),
            connectTimeout,
            callTimeout,
            clock);
  }

  /** Closes the HTTP client's connections. */
  void close() {
    sendGrid.close();
  }

  @Override
  public void send(Notification n, SendGridChannel channel) throws DeliveryException {
    resolver.resolve(URI.create(channel.baseUrl()).getHost());
    sendGrid.send(channel.baseUrl(), channel.apiKey(), message(n, channel));
  }

  static MailMessage message(Notification n, SendGridChannel channel) {
    Map<String, String> args = new LinkedHashMap<>();
    args.put(DELIVERY_ARG, n.deliveryId());
    args.put("obsera_tenant", n.tenantId());
    return new MailMessage(
        channel.from(),
        "Obsera",
        channel.to(),
        NotificationText.subject(n),
        NotificationText.plain(n),
        NotificationText.html(n),
        null,
        Map.of(WebhookSender.DELIVERY_HEADER, n.deliveryId()),
        args);
  }
}
