package io.obsera.alert.send;

import com.sendgrid.Client;
import com.sendgrid.Method;
import com.sendgrid.Request;
import com.sendgrid.Response;
import com.sendgrid.SendGrid;
import com.sendgrid.helpers.mail.Mail;
import com.sendgrid.helpers.mail.objects.Content;
import com.sendgrid.helpers.mail.objects.Email;
import com.sendgrid.helpers.mail.objects.Personalization;
import io.obsera.alert.notify.Notification;
import io.obsera.model.alert.channel.SendGridChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;

/**
 * E-mail through SendGrid's v3 {@code POST /v3/mail/send} with sendgrid-java's request model: one
 * personalization per recipient (recipients do not see each other), plain text then HTML content,
 * the delivery id as custom arg {@code obsera_delivery_id} (it comes back in SendGrid's event
 * webhooks) and as header {@code X-Obsera-Delivery}. The HTTP client under sendgrid-java resolves
 * through the SSRF guard, follows no redirects and does not retry by itself.
 */
final class SendGridSender implements Sender<SendGridChannel> {
  static final String DELIVERY_ARG = "obsera_delivery_id";

  private final GuardedResolver resolver;
  private final CloseableHttpClient httpClient;
  private final Clock clock;

  SendGridSender(
      GuardedResolver resolver, Duration connectTimeout, Duration callTimeout, Clock clock) {
    this.resolver = resolver;
    this.clock = clock;
    int connect = Math.toIntExact(connectTimeout.toMillis());
    int socket = Math.toIntExact(callTimeout.toMillis());
    this.httpClient =
        HttpClients.custom()
            .setDnsResolver(host -> resolver.lookup(host).toArray(new InetAddress[0]))
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setConnectTimeout(connect)
                    .setConnectionRequestTimeout(connect)
                    .setSocketTimeout(socket)
                    .build())
            .build();
  }

  /** Closes the HTTP client's connections. */
  void close() throws IOException {
    httpClient.close();
  }

  @Override
  public void send(Notification n, SendGridChannel channel) throws DeliveryException {
    URI base = URI.create(channel.baseUrl());
    resolver.resolve(base.getHost());
    SendGrid sendGrid =
        new SendGrid(channel.apiKey(), new Client(httpClient, "http".equals(base.getScheme())));
    sendGrid.setHost(base.getPort() == -1 ? base.getHost() : base.getHost() + ":" + base.getPort());
    Request request = new Request();
    request.setMethod(Method.POST);
    request.setEndpoint("mail/send");
    Response response;
    try {
      request.setBody(mail(n, channel).build());
      response = sendGrid.api(request);
    } catch (IOException e) {
      throw DeliveryException.retryable("sendgrid: " + GuardedHttp.describe(e), e);
    }
    ResponseClassifier.check(
        "sendgrid",
        response.getStatusCode(),
        response.getBody(),
        header(response.getHeaders(), "Retry-After"),
        clock);
  }

  static Mail mail(Notification n, SendGridChannel channel) {
    Mail mail = new Mail();
    mail.setFrom(new Email(channel.from(), "Obsera"));
    mail.setSubject(NotificationText.subject(n));
    for (String to : channel.to()) {
      Personalization p = new Personalization();
      p.addTo(new Email(to));
      mail.addPersonalization(p);
    }
    mail.addContent(new Content("text/plain", NotificationText.plain(n)));
    mail.addContent(new Content("text/html", NotificationText.html(n)));
    mail.addCustomArg(DELIVERY_ARG, n.deliveryId());
    mail.addCustomArg("obsera_tenant", n.tenantId());
    mail.addHeader(WebhookSender.DELIVERY_HEADER, n.deliveryId());
    return mail;
  }

  private static String header(Map<String, String> headers, String name) {
    if (headers == null) {
      return null;
    }
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (e.getKey() != null && e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }
}
